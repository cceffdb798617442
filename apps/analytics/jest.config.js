module.exports = { displayName: 'analytics', preset: '../../jest.preset.js', rootDir: __dirname };

module.exports = { displayName: 'ticketing', preset: '../../jest.preset.js', rootDir: __dirname };

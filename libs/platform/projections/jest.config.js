module.exports = { displayName: 'platform-projections', preset: '../../../jest.preset.js', rootDir: __dirname };

module.exports = { displayName: 'business-calendar', preset: '../../../jest.preset.js', rootDir: __dirname };

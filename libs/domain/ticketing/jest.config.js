module.exports = { displayName: 'ticketing-domain', preset: '../../../jest.preset.js', rootDir: __dirname };

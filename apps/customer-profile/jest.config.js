module.exports = { displayName: 'customer-profile', preset: '../../jest.preset.js', rootDir: __dirname };

module.exports = { displayName: 'customer-profile-domain', preset: '../../../jest.preset.js', rootDir: __dirname };

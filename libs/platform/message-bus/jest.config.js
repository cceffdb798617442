module.exports = { displayName: 'platform-message-bus', preset: '../../../jest.preset.js', rootDir: __dirname };

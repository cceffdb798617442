module.exports = { displayName: 'platform-scheduler', preset: '../../../jest.preset.js', rootDir: __dirname };

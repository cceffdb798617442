module.exports = { displayName: 'platform-clickhouse', preset: '../../../jest.preset.js', rootDir: __dirname };

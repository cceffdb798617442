module.exports = { displayName: 'ingestion-domain', preset: '../../../jest.preset.js', rootDir: __dirname };

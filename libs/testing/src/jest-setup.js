// Loaded before every test file: Nest needs reflect-metadata; tests get a quiet log by default.
require('reflect-metadata');
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

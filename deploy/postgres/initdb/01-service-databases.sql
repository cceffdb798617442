-- One database per service: services never read each other's databases (docs/architecture.md).
-- Runs once, when the postgres volume is initialised; later additions need a manual CREATE DATABASE.
CREATE DATABASE ingestion;
CREATE DATABASE ticketing;
CREATE DATABASE customer_profile;
CREATE DATABASE analytics;

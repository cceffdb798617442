export * from './customer/customer-360';

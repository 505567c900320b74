// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the
// reflect-metadata polyfill in place before the library module is evaluated. Every attestation
// module imports the library through this file so that the order cannot go wrong.
import 'reflect-metadata';

export * from '@peculiar/x509';

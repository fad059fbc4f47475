// oidc-provider ships no type declarations; the test helper that starts it uses it untyped.
declare module 'oidc-provider';

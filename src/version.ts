// The package version, kept in one place for --version, reports and the EHLO/user-agent strings.
export const VERSION = '0.1.0';

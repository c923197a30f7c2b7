"""/beheer: `page` checks the beheerder and lays out `accounts` (management of accounts) and
`trail` (the audit trail)."""

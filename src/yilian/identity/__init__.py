"""Identity: users, practitioners, role grants, patient accounts and proxies, sign-in, sessions."""

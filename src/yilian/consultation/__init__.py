"""Remote consultation (远程会诊): single-specialty and MDT, from application to signed report."""

"""Doctors' availability (出诊/会诊排班): the times a doctor offers, which a case (a consultation,
later a referral or an online visit) books one at a time."""

"""Two-way referral (双向转诊): up the alliance level by level, back down to the community."""

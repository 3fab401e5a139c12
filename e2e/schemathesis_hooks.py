"""Formats the API document names that JSON Schema cannot spell, so schemathesis generates valid values for them:
a GB 11643 citizen ID number (province, real birth date not after today, check character) and a Chinese phone number.
Loaded by schemathesis through SCHEMATHESIS_HOOKS."""
import datetime

import schemathesis
from hypothesis import strategies as st

PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
             "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(province, county, birth, sequence):
    body = f"{province}{county:04d}{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


schemathesis.openapi.format("gb11643", st.builds(
    citizen_id, st.sampled_from(PROVINCES), st.integers(0, 9999),
    st.dates(datetime.date(1900, 1, 1), datetime.date.today()), st.integers(0, 999)))
schemathesis.openapi.format("party-joining-date", st.dates(datetime.date(1921, 7, 1), datetime.date.today()).map(str))
schemathesis.openapi.format("cn-phone", st.from_regex(r"\A1[3-9][0-9]{9}\Z") | st.just(""))

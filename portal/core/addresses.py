"""Postal address rules shared by the forms and the imports: US states and ZIP codes."""
from __future__ import annotations

import re

US_STATE = re.compile(r"^(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|"
                      r"S[CD]|T[NX]|UT|V[AIT]|W[AIVY])$")
US_ZIP = re.compile(r"^\d{5}(-?\d{4})?$")

"""Writes the numpy fixtures that the IO tests read.

Regenerate (only needed if this script changes) from this directory with a Python that has
numpy, e.g. Debian's:

    apt-get install -y python3-numpy
    /usr/bin/python3 make_fixtures.py

All values are fixed literals; the tests state the same literals, so they check our reader
against numpy's writer, not against our own. The files differ between runs only in zip
timestamps.
"""

import numpy as np

X = np.array(
    [[0.5, -1.25, 2.0],
     [3.0, 0.1, -0.125],
     [1e-300, 1e300, 7.0],
     [-2.5, 0.0, 123456.789]],
    dtype=np.float64,
)
y = np.array([1.0, -1.0, 0.5, 2.0], dtype=np.float64)

np.savez("fixture_f8.npz", X=X, y=y)
np.save("fixture_f8.npy", X)

fortran = np.asfortranarray(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous

np.savez(
    "fixture_mixed.npz",
    f4=np.array([1.5, -2.25, 0.1], dtype=np.float32),
    i8=np.array([-3, 0, 7, 2**40], dtype=np.int64),
    fortran=fortran,
    b=np.array([True, False, True]),
    i1=np.array([[-128, 127], [0, -1]], dtype=np.int8),
    u2=np.array([0, 65535], dtype=np.uint16),
    be=np.array([1.5, -2.0], dtype=">f8"),
    scalar=np.array(3.5),
    empty=np.zeros((0, 3)),
)

np.savez_compressed("fixture_compressed.npz", X=X, y=y, fortran=fortran)

# The later header versions: 2.0 has a 4-byte header length, 3.0 a UTF-8 header.
for version in [(2, 0), (3, 0)]:
    with open("fixture_v%d.npy" % version[0], "wb") as f:
        np.lib.format.write_array(f, np.array([[1, -2], [3, -4]], dtype=np.int32), version=version)

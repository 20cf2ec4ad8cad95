"""Both sample volumes through Ace by DAISY, the EPUB accessibility checker reading systems' makers use."""

from __future__ import annotations

import pytest

from readingsupport import MANIFESTS, ace_violations

pytestmark = pytest.mark.slow


def test_ace_by_daisy_reports_no_violation_in_either_volume(sample_site, tmp_path):
    assert len(MANIFESTS) == 2
    for manifest in MANIFESTS:
        assert ace_violations(sample_site / "guidebook" / manifest.file_name, tmp_path / manifest.slug) == [], manifest.slug

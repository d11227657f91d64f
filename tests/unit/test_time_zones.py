"""Time zones as people choose them (issue 15, item 10): canonical names only, a site's first."""
from portal.core.time_zones import canonical_zones, likely_zone, suggested_zones, zone_choices


def test_only_canonical_names_are_offered():
    zones = canonical_zones()
    assert "America/Chicago" in zones and "Europe/London" in zones and "UTC" in zones
    assert not {"Africa/Asmera", "US/Eastern", "America/Indianapolis", "America/Knox_IN", "localtime"} & set(zones)


def test_a_us_state_offers_its_own_zones_first_and_its_main_one_is_likely():
    assert suggested_zones("US", "il") == ["America/Chicago"] and likely_zone("us", "IL") == "America/Chicago"
    assert suggested_zones("US", "TX")[:2] == ["America/Chicago", "America/Denver"]
    assert zone_choices("US", "AZ")[0] == "America/Phoenix"
    assert all(zone in canonical_zones() for zone in suggested_zones("US", "IN"))  # no old link names


def test_a_country_offers_its_zones_in_the_databases_order_and_only_a_one_zone_country_is_likely():
    assert suggested_zones("US")[0] == "America/New_York" and likely_zone("US") is None
    assert likely_zone("FR") == "Europe/Paris" and "America/Toronto" in suggested_zones("CA")
    assert suggested_zones("ZZ") == [] and zone_choices("ZZ") == list(canonical_zones())


def test_a_zone_saved_before_the_list_was_canonical_stays_choosable():
    assert zone_choices("US", "IN", keep="America/Indianapolis")[0] == "America/Indianapolis"

-- The device's rule set as last configured (DeviceRulesConfigured replaces the whole set): the fleet page draws its
-- thresholds, and operators read it back. rules is the JSON array of the event's rules.
alter table device
    add column rules                      jsonb   not null default '[]'::jsonb,
    add column reporting_interval_seconds integer;

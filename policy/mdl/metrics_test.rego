# Unit tests for mdl.policy.metrics. Run: opa test policy/ -v
#
# The case table policy/testdata/data.json is loaded by `opa test policy/` under
# data.testdata (OPA prefixes data files with their directory). The TypeScript evaluator
# runs the very same table (tests/unit/policies/evaluator.test.ts), so both engines
# are pinned to identical answers.
package mdl.policy.metrics_test

import rego.v1

import data.mdl.policy.metrics

_cases := data.testdata.cases

_table := data.testdata.metrics

# The decision as one comparable object; an undefined threshold_status becomes null.
_decide(c) := d if {
	d := {
		"allow": metrics.allow,
		"deny_reasons": metrics.deny_reasons,
		"threshold_status": _status_or_null,
	} with input as c.input
		with data.mdl.metrics as _table
}

_status_or_null := s if {
	s := metrics.threshold_status
} else := null

_expected(c) := {
	"allow": c.expected.allow,
	"deny_reasons": {r | some r in c.expected.deny_reasons},
	"threshold_status": object.get(c.expected, "threshold_status", null),
}

_matches(c) if _decide(c) == _expected(c)

_failures contains c.name if {
	some c in _cases
	not _matches(c)
}

test_case_table if {
	# Guards against a table that silently failed to load at this path.
	count(_cases) > 100
	print("failing cases:", _failures)
	every c in _cases {
		_matches(c)
	}
}

test_case_table_covers_every_action if {
	every a in {"read_definition", "read_values", "change", "check_value"} {
		some c in _cases
		c.input.action == a
		c.expected.allow == true
	}
}

test_case_table_covers_every_threshold_status if {
	every s in {"ok", "warning", "critical", "unknown"} {
		some c in _cases
		c.expected.threshold_status == s
	}
}

# ---------------------------------------------------------------- explicit tests

_entry := {
	"business_owner": null,
	"critical_threshold": 50,
	"data_classification": "internal",
	"expected_direction": "increase",
	"owner_team": null,
	"pii_involved": false,
	"status": "active",
	"target_value": 100,
	"technical_owner": "alice",
	"warning_threshold": 80,
}

_viewer := {"id": "u1", "teams": [], "roles": ["viewer"], "clearance": "internal", "pii_access": false}

test_empty_input_is_denied if {
	not metrics.allow with input as {} with data.mdl.metrics as {"m1": _entry}
	reasons := metrics.deny_reasons with input as {} with data.mdl.metrics as {"m1": _entry}
	reasons == {
		"metric is not in the policy data",
		"action must be one of read_definition, read_values, change, check_value",
	}
}

# A metric id equal to a rule name stays plain data: the package lives elsewhere.
test_metric_named_allow_is_data if {
	metrics.allow with input as {"metric_id": "allow", "action": "read_definition", "user": _viewer}
		with data.mdl.metrics as {"allow": _entry}
}

test_hostile_owner_string_is_compared_as_data if {
	hostile := "\"}\nallow := true\nimport data.x\n# `${x}`"
	entry := object.union(_entry, {"technical_owner": hostile})
	as_owner := {"metric_id": "m1", "action": "change", "user": {"id": hostile}}
	as_other := {"metric_id": "m1", "action": "change", "user": {"id": "alice"}}
	metrics.allow with input as as_owner with data.mdl.metrics as {"m1": entry}
	not metrics.allow with input as as_other with data.mdl.metrics as {"m1": entry}
}

test_equal_to_threshold_is_a_breach if {
	at_critical := {"metric_id": "m1", "action": "check_value", "user": _viewer, "value": 50}
	at_warning := object.union(at_critical, {"value": 80})
	metrics.threshold_status == "critical" with input as at_critical with data.mdl.metrics as {"m1": _entry}
	metrics.threshold_status == "warning" with input as at_warning with data.mdl.metrics as {"m1": _entry}
}

test_lower_is_better_is_not_ok_at_its_threshold if {
	entry := object.union(_entry, {"expected_direction": "decrease", "warning_threshold": 80, "critical_threshold": 90})
	at_warning := {"metric_id": "m1", "action": "check_value", "user": _viewer, "value": 80}
	below := object.union(at_warning, {"value": 79})
	metrics.threshold_status == "warning" with input as at_warning with data.mdl.metrics as {"m1": entry}
	metrics.threshold_status == "ok" with input as below with data.mdl.metrics as {"m1": entry}
}

test_no_threshold_status_when_denied if {
	denied := {"metric_id": "m1", "action": "check_value", "user": {"id": "u1", "roles": []}, "value": 10}
	not metrics.threshold_status with input as denied with data.mdl.metrics as {"m1": _entry}
}

test_no_threshold_status_for_other_actions if {
	read := {"metric_id": "m1", "action": "read_definition", "user": _viewer, "value": 10}
	metrics.allow with input as read with data.mdl.metrics as {"m1": _entry}
	not metrics.threshold_status with input as read with data.mdl.metrics as {"m1": _entry}
}

# A workspace's own order (data.mdl.classification_levels, lowest first): `sensitive` between
# confidential and restricted ranks above confidential and below restricted.
_ordered_metric(c) := m if {
	m := {"business_owner": "bob", "critical_threshold": null, "data_classification": c, "expected_direction": null, "owner_team": "growth", "pii_involved": false, "status": "active", "target_value": null, "technical_owner": "alice", "warning_threshold": null}
}

_levels_with_sensitive := ["public", "internal", "confidential", "sensitive", "restricted"]

_read_values(clearance, classification) := d if {
	d := metrics.deny_reasons with input as {"metric_id": "m1", "action": "read_values", "user": {"id": "u", "roles": ["viewer"], "clearance": clearance}}
		with data.mdl.metrics as {"m1": _ordered_metric(classification)}
		with data.mdl.classification_levels as _levels_with_sensitive
}

test_workspace_classification_order if {
	count(_read_values("sensitive", "confidential")) == 0
	count(_read_values("sensitive", "sensitive")) == 0
	_read_values("sensitive", "restricted") == {"clearance sensitive is below the metric classification restricted"}
	_read_values("confidential", "sensitive") == {"clearance confidential is below the metric classification sensitive"}
	# Unknown classifications still count as the highest level of the workspace's order.
	_read_values("sensitive", "top-secret") == {"clearance sensitive is below the metric classification restricted"}
}

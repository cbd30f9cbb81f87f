-- Two more kinds of stored run: 'sweep' (a throughput-latency curve over offered rates, POST
-- /api/v1/sweeps) and 'measured' (a real benchmark's result kept beside the predictions).
-- Portable SQL: a CHECK constraint cannot be altered in place in both H2 and PostgreSQL, so it is
-- dropped and added again under the same name; no row changes. RunKind's ids must equal this list
-- (RunKindTest).
ALTER TABLE runs DROP CONSTRAINT runs_kind_check;
ALTER TABLE runs ADD CONSTRAINT runs_kind_check
  CHECK (kind IN ('simulation', 'recommendation', 'calibration', 'sweep', 'measured'));

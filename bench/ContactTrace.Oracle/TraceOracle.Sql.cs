namespace ContactTrace.Oracle;

public static partial class TraceOracle
{
    /// <summary>The case's person, its window as the product resolved and stored it, and its household.</summary>
    private const string CaseSql = """
        SELECT c.person_id,
               c.window_start,
               c.window_end,
               array(SELECT m.person_id
                       FROM persons AS p
                       JOIN persons AS m ON m.household_id = p.household_id
                      WHERE p.person_id = c.person_id AND m.person_id <> c.person_id
                      ORDER BY m.person_id) AS household
          FROM cases AS c
         WHERE c.case_id = @case_id
        """;

    /// <summary>
    /// Both tiers, and the households sharing a secondary contact's home isolation, in one statement. Every exposure
    /// is a row of evidence (person, category, from, until); a person's answer is the most severe category among
    /// their evidence. Presence intervals are [scanned_at, coalesce(left_at, scanned_at + dwell(kind class))]; the
    /// case's are clipped to its window, a close contact's to [their first exposure, their isolation]; two
    /// intervals at one venue are an exposure when they overlap by more than zero and by at least min_overlap. A
    /// close contact's own contacts are sought from their first exposure until they were isolated (checked in at a
    /// hotel, home isolation begun, or reported as a case), or without end while they are not; a household member
    /// counts from when they joined. A secondary contact's household shares its home isolation over the secondary
    /// contact's own exposure times.
    /// </summary>
    private const string TraceSql = """
        WITH
        case_presence AS (
            SELECT s.venue_key,
                   s.venue_id,
                   v.kind = ANY(@close_kinds) AS close_class,
                   CASE WHEN v.kind = ANY(@close_kinds) THEN @close_dwell ELSE @open_dwell END AS dwell,
                   greatest(s.scanned_at, @window_start) AS p_from,
                   least(coalesce(s.left_at,
                                  s.scanned_at + CASE WHEN v.kind = ANY(@close_kinds) THEN @close_dwell ELSE @open_dwell END),
                         @window_end) AS p_to
              FROM scans AS s
              JOIN venues AS v ON v.venue_id = s.venue_id
             WHERE s.person_key = @case_person_key
               AND s.person_id = @case_person
               AND s.scanned_at < @window_end
               AND s.scanned_at >= coalesce(@scan_floor, '-infinity'::timestamptz)
        ),
        case_overlaps AS (
            SELECT o.person_id,
                   o.person_key,
                   p.close_class,
                   greatest(p.p_from, o.scanned_at) AS ov_from,
                   least(p.p_to, coalesce(o.left_at, o.scanned_at + p.dwell)) AS ov_to
              FROM case_presence AS p
              JOIN scans AS o ON o.venue_key = p.venue_key
                             AND o.venue_id = p.venue_id
                             AND o.scanned_at < p.p_to
                             AND o.scanned_at >= coalesce(@scan_floor, '-infinity'::timestamptz)
             WHERE p.p_to > p.p_from
               AND o.person_id <> @case_person
        ),
        venue_exposures AS (
            SELECT person_id, person_key, close_class, ov_from, ov_to
              FROM case_overlaps
             WHERE ov_to > ov_from AND ov_to - ov_from >= @min_overlap
        ),
        tier1_evidence AS (
            SELECT e.person_id, e.category, e.e_from, e.e_to
              FROM (
                    SELECT person_id,
                           CASE WHEN close_class THEN 'close-contact' ELSE 'venue-exposed' END AS category,
                           ov_from AS e_from,
                           ov_to AS e_to
                      FROM venue_exposures
                    UNION ALL
                    SELECT m.person_id, 'close-contact', greatest(@window_start, m.household_since, cp.household_since), @window_end
                      FROM persons AS cp
                      JOIN persons AS m ON m.household_id = cp.household_id
                     WHERE cp.person_id = @case_person
                       AND coalesce(greatest(m.household_since, cp.household_since) < @window_end, true)
                    UNION ALL
                    SELECT r.person_id, 'close-contact', r.r_at, r.r_until
                      FROM unnest(@reported_ids, @reported_at, @reported_until) AS r(person_id, r_at, r_until)
                   ) AS e
             WHERE e.person_id <> @case_person
               AND NOT EXISTS (SELECT 1 FROM cases AS x WHERE x.person_id = e.person_id)
        ),
        person_keys AS (
            SELECT DISTINCT person_id, person_key FROM venue_exposures
            UNION
            SELECT k.person_id, k.person_key FROM unnest(@key_ids, @key_values) AS k(person_id, person_key)
        ),
        close_contacts AS (
            SELECT t.person_id, min(t.e_from) AS first_exposure
              FROM tier1_evidence AS t
             WHERE @trace_secondary
             GROUP BY t.person_id
            HAVING bool_or(t.category = 'close-contact')
        ),
        isolations AS (
            SELECT person_id, checked_in_at AS i_from, coalesce(checked_out_at, ended_at) AS i_until
              FROM assignments
             WHERE kind = 'centralized-isolation' AND checked_in_at IS NOT NULL
            UNION ALL
            SELECT person_id, starts_at, least(ends_at, ended_at)
              FROM assignments
             WHERE kind = 'home-isolation' AND (ended_at IS NULL OR ended_at > starts_at)
            UNION ALL
            SELECT person_id, reported_at, NULL FROM cases
        ),
        contact_windows AS (
            SELECT c.person_id,
                   c.first_exposure,
                   coalesce((SELECT min(greatest(i.i_from, c.first_exposure))
                               FROM isolations AS i
                              WHERE i.person_id = c.person_id
                                AND i.i_from <= now()
                                AND (i.i_until IS NULL OR i.i_until > c.first_exposure)),
                            'infinity'::timestamptz) AS window_end
              FROM close_contacts AS c
        ),
        contact_presence AS (
            SELECT c.person_id AS via,
                   s.venue_key,
                   s.venue_id,
                   greatest(s.scanned_at, c.first_exposure) AS p_from,
                   least(coalesce(s.left_at, s.scanned_at + @close_dwell), c.window_end) AS p_to
              FROM contact_windows AS c
              JOIN person_keys AS k ON k.person_id = c.person_id
              JOIN scans AS s ON s.person_key = k.person_key
                             AND s.person_id = c.person_id
                             AND s.scanned_at < c.window_end
                             AND s.scanned_at >= coalesce(@scan_floor, '-infinity'::timestamptz)
              JOIN venues AS v ON v.venue_id = s.venue_id
             WHERE v.kind = ANY(@close_kinds)
        ),
        contact_overlaps AS (
            SELECT o.person_id,
                   greatest(p.p_from, o.scanned_at) AS ov_from,
                   least(p.p_to, coalesce(o.left_at, o.scanned_at + @close_dwell)) AS ov_to
              FROM contact_presence AS p
              JOIN scans AS o ON o.venue_key = p.venue_key
                             AND o.venue_id = p.venue_id
                             AND o.scanned_at < p.p_to
                             AND o.scanned_at >= coalesce(@scan_floor, '-infinity'::timestamptz)
             WHERE p.p_to > p.p_from
               AND o.person_id <> p.via
        ),
        tier2_evidence AS (
            SELECT e.person_id, 'secondary-contact' AS category, e.e_from, e.e_to
              FROM (
                    SELECT person_id, ov_from AS e_from, ov_to AS e_to
                      FROM contact_overlaps
                     WHERE ov_to > ov_from AND ov_to - ov_from >= @min_overlap
                    UNION ALL
                    SELECT m.person_id, greatest(c.first_exposure, m.household_since, cp.household_since), least(c.window_end, now())
                      FROM contact_windows AS c
                      JOIN persons AS cp ON cp.person_id = c.person_id
                      JOIN persons AS m ON m.household_id = cp.household_id AND m.person_id <> c.person_id
                     WHERE c.window_end > c.first_exposure
                       AND coalesce(greatest(m.household_since, cp.household_since) < c.window_end, true)
                   ) AS e
             WHERE e.person_id <> @case_person
               AND NOT EXISTS (SELECT 1 FROM cases AS x WHERE x.person_id = e.person_id)
        ),
        contact_evidence AS (
            SELECT person_id, e_from, e_to,
                   CASE category WHEN 'close-contact' THEN 4 WHEN 'secondary-contact' THEN 3 ELSE 1 END AS severity
              FROM (SELECT * FROM tier1_evidence UNION ALL SELECT * FROM tier2_evidence) AS all_evidence
        ),
        secondary_contacts AS (
            SELECT e.person_id, min(e.e_from) AS first_exposure, max(e.e_to) AS last_exposure
              FROM contact_evidence AS e
             WHERE e.severity = 3
               AND NOT EXISTS (SELECT 1 FROM contact_evidence AS w WHERE w.person_id = e.person_id AND w.severity > 3)
             GROUP BY e.person_id
        ),
        shared_evidence AS (
            SELECT m.person_id, s.first_exposure AS e_from, s.last_exposure AS e_to, 2 AS severity
              FROM secondary_contacts AS s
              JOIN persons AS sp ON sp.person_id = s.person_id
              JOIN persons AS m ON m.household_id = sp.household_id AND m.person_id <> s.person_id
             WHERE m.person_id <> @case_person
               AND NOT EXISTS (SELECT 1 FROM cases AS x WHERE x.person_id = m.person_id)
        ),
        evidence AS (
            SELECT * FROM contact_evidence
            UNION ALL
            SELECT * FROM shared_evidence
        ),
        ranked AS (
            SELECT person_id, max(severity) AS severity FROM evidence GROUP BY person_id
        )
        SELECT r.person_id,
               CASE WHEN r.severity IN (2, 3) THEN 2 ELSE 1 END::int AS tier,
               CASE r.severity WHEN 4 THEN 'close-contact' WHEN 3 THEN 'secondary-contact' WHEN 2 THEN 'home-isolation' ELSE 'venue-exposed' END AS category,
               min(e.e_from) AS first_exposure,
               max(e.e_to) AS last_exposure
          FROM ranked AS r
          JOIN evidence AS e ON e.person_id = r.person_id AND e.severity = r.severity
         GROUP BY r.person_id, r.severity
         ORDER BY r.person_id
        """;

    private const string CreateAssignmentTableSql = """
        CREATE TABLE IF NOT EXISTS oracle_assignments (
            assignment_id text PRIMARY KEY,
            person_id     text        NOT NULL,
            case_id       text        NOT NULL,
            kind          text        NOT NULL,
            hotel_id      text        NULL,
            starts_at     timestamptz NOT NULL,
            ends_at       timestamptz NOT NULL,
            status        text        NOT NULL,
            created_at    timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS oracle_assignments_person_idx ON oracle_assignments (person_id);
        CREATE INDEX IF NOT EXISTS oracle_assignments_case_idx ON oracle_assignments (case_id);
        """;

    /// <summary>
    /// The assignments a hand-written job derives from the contacts, periods counted from the last exposure:
    /// close contact → centralized isolation, then the follow-up (home monitoring or home isolation); secondary
    /// contact and the household sharing it → home isolation; venue-exposed → one test on each test day. Ids are derived from
    /// (case, person, kind, start), so a re-run inserts nothing twice. Centralized isolation waits for a hotel.
    /// </summary>
    private const string InsertAssignmentsSql = """
        WITH contact AS (
            SELECT c.person_id, c.category, c.last_exposure
              FROM unnest(@person_ids, @categories, @last_exposures) AS c(person_id, category, last_exposure)
        ),
        planned AS (
            SELECT person_id, 'centralized-isolation' AS kind, last_exposure AS starts_at,
                   last_exposure + @centralized_days * interval '24 hours' AS ends_at, 'awaiting-capacity' AS status
              FROM contact
             WHERE category = 'close-contact' AND @centralized_days > 0
            UNION ALL
            SELECT person_id, @follow_up_kind, last_exposure + @centralized_days * interval '24 hours',
                   last_exposure + (@centralized_days + @follow_up_days) * interval '24 hours', 'assigned'
              FROM contact
             WHERE category = 'close-contact' AND @follow_up_days > 0
            UNION ALL
            SELECT person_id, 'home-isolation', last_exposure,
                   last_exposure + @secondary_days * interval '24 hours', 'assigned'
              FROM contact
             WHERE category IN ('secondary-contact', 'home-isolation') AND @secondary_days > 0
            UNION ALL
            SELECT c.person_id, 'testing', c.last_exposure + d.day * interval '24 hours',
                   c.last_exposure + (d.day + 1) * interval '24 hours', 'assigned'
              FROM contact AS c
             CROSS JOIN unnest(@test_days) AS d(day)
             WHERE c.category = 'venue-exposed'
        )
        INSERT INTO oracle_assignments (assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status)
        SELECT md5(concat_ws('|', @case_id, p.person_id, p.kind, extract(epoch FROM p.starts_at)::text)),
               p.person_id, @case_id, p.kind, NULL, p.starts_at, p.ends_at, p.status
          FROM planned AS p
        ON CONFLICT (assignment_id) DO NOTHING
        """;
}

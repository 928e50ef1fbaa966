namespace ContactTrace.Bench.Cli;

internal static class Usage
{
    public static void Print(TextWriter writer) => writer.WriteLine("""
        usage: bench <command> [options]          numbers may be written 200_000 or 200,000; durations as 90s, 10m, 1h

        city options (generate, load, ingest):
          --persons N (200000) --venues N (persons/50) --hotels N (persons/4000, >= 18)
          --days D (1) --scans-per-day S (5) --seed X (1)
          --start YYYY-MM-DD   first local (Asia/Shanghai) day; default 2022-11-20 for generate, recent days otherwise

        bench generate --out FILE.csv|FILE.ndjson [city options]
            write the city's scans to a file, streamed; same options give a byte-identical file

        bench load --url http://127.0.0.1:PORT --api-key KEY [city options]
                   [--clients C (4)] [--batch B (10000)] [--concurrency R (32)] [--ndjson] [--no-scans]
            register venues, hotels and persons (R requests in flight), then POST /api/scans in batches of B
            with C clients

        bench ingest --scans N [--clients C (4)] [--batch B (10000)] [--keep] [--no-baseline] [--ndjson]
                     [--warmup W (0)] [--persons N] [--scans-per-day S] [--seed X] [--repo DIR]
            issue-3 benchmark: throwaway PostgreSQL + host, N scans over HTTP, then the naive COPY baseline
            on the same rows; --keep leaves PostgreSQL running for inspection. N <= 20,000,000.
            --warmup posts W other scans (an extra earlier day) first, unmeasured, so the rate is steady-state.
            The host is src/ContactTrace.Host of this repository (or of --repo DIR), built in Release when
            missing or older than src/.

        The commands below each start their own PostgreSQL and host on 127.0.0.1 and stop both at the end;
        --keep leaves PostgreSQL and the work directory for inspection, --repo DIR benchmarks another checkout.

        bench trace [--persons N (200000)] [--venues N] [--days D (3)] [--scans-per-day S (7)] [--seed X (1)]
                    [--typical N (100)] [--burst N (1000)] [--concurrency C (64)] [--oracle-concurrency C (16)]
                    [--superspreader-visits V (12)] [--warmup W (3)] [--poll-ms P (3)] [--keep] [--repo DIR]
            issue-4 benchmark: typical cases one at a time, a superspreader and a burst, POST to completed,
            beside the SQL oracle on the same cases

        bench feed [--persons N (20000)] [--venues N] [--days D (3)] [--scans-per-day S (7)] [--seed X (1)]
                   [--burst N (1000)] [--concurrency C (64)] [--oracle-concurrency C (16)] [--poll-ms P (10)]
                   [--warmup W (3)] [--keep] [--repo DIR]
            issue-5 benchmark: a burst of cases, each case's POST to its first item in one hotel's feed,
            polled and streamed (SSE)

        bench chain [--cases N (5000)] [--days D (20)] [--requests R (200)] [--seed X (1)] [--keep] [--repo DIR]
            issue-6 benchmark: the chain summary and the daily bulletin of one large cluster, beside plain SQL

        bench dense [--persons N (5000)] [--visits V (6)] [--rooms R (2 × persons)] [--seed X (1)]
                    [--timeout T (10m)] [--oracle-budget T (10m)] [--host-memory-gb G (8)] [--poll-ms P (50)]
                    [--keep] [--repo DIR]
            issue-11 benchmark: N persons who each visited a bath house and a market V times on one day, and a
            case among them. Times POST → tier1Completed and → completed (GET /api/cases/{id} every P ms), with
            the host's VmHWM/VmRSS before and after, the evidence rows written per (contacts + visits), the
            /health/ready latency during the trace, and the SQL oracle on the same case (tier 1 alone, then
            both tiers, within its budget; 0s skips it) compared person by person. R rooms over 18 hotels
            (--rooms 500 makes them scarce). A trace still running after T, or a host past G GiB resident, is
            stopped: the figures so far and the host log's tail are printed, and the exit code is 1.

        bench soak [--minutes M (10)] [--persons N (450000)] [--venues N (persons/20)] [--days D (5)]
                   [--live-days L (3)] [--seed X (1)] [--posters P (2)] [--batch B (2000)] [--scan-rate R (6000)]
                   [--case-every T (2s)] [--read-every T (1s)] [--drain-budget T (5m)] [--idle T (2m)]
                   [--request-timeout T (1m)] [--check-in-after T (12h) | --no-check-ins] [--host-env NAME=VALUE,...]
                   [--keep] [--repo DIR]
            issue-18 benchmark: a city of D days ending yesterday (each person 2–4 visits a day) whose first D−L
            days are loaded as history; then for M minutes at once P scan posters sending the last L days in time
            order in B-scan batches (R scans/s in all, 0 = as fast as acknowledged; a batch without an answer or
            with a 5xx is sent again, at most 3 times), a new case every T reported at the city's clock (the time
            of the latest scan sent; sampled an hour before), a read of a case, its contacts and today's bulletin
            every T, one hotel's SSE stream, and the hotels' desks, which read every hotel's feed every 10 s and
            check each placed guest in once the city's clock has run --check-in-after past the moment they read
            it, stating the city's clock as the arrival. Close contacts' later scans extend their cases' tier 2 until they are checked in. Prints a
            row per minute (host RSS, threads, PostgreSQL connections, scans/s, trace queue, p50/p99 per request
            kind, non-2xx), then waits up to the drain budget for every posted case's
            trace to complete, checks every scan stored exactly once and the stream equal to the paged feed, and
            prints the goals; then leaves the host idle for --idle and reads its memory again. --host-env sets
            environment variables of the host only (e.g. DOTNET_GCHeapHardLimit=0x40000000 for a heap limit).
            Exit code 1 when an integrity check fails.

        bench cases [--cases N (100000)] [--requests R (50)] [--keep] [--repo DIR]
        bench persons [--persons N (1000000)] [--requests R (50)] [--keep] [--repo DIR]
            issue-12 benchmarks: throwaway PostgreSQL + host, N rows loaded with one statement, then R requests of
            each kind of GET /api/cases (filters, page 2) or GET /api/persons (name, phone, id prefixes, household,
            compound), one at a time over HTTP; baseline: the same requests after dropping migration 0040's indexes

        bench tests [--results N (500000)] [--persons N (200000)] [--clients C (4)] [--batch B (50000)] [--positives P (0.01)] [--fan-out F (32)]
                    [--keep] [--repo DIR]
            issue-13 benchmark: N test results (a share P positive, one in ten key population) posted in batches of B by C
            clients, each answer durable and each positive a case (F reported at once per request: the host's
            ContactTrace:Screening:PositiveFanOut); baseline: binary COPY of the same rows into a bare table

        bench codes [--persons N (1000000)] [--flagged F (0.05)] [--clients C (32)] [--duration T (20s)] [--keep] [--repo DIR]
            issue-13 benchmark: GET /api/health-codes/{id} of random persons, a share F not green, C requests in flight
            for T; host memory empty and with the board; baseline: the same lookups as SQL primary-key queries
        """);
}

namespace ContactTrace.Bench.Cli;

internal static class Usage
{
    public static void Print(TextWriter writer) => writer.WriteLine("""
        usage: bench <command> [options]          numbers may be written 200_000 or 200,000

        city options (every command):
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

        bench cases [--cases N (100000)] [--requests R (50)] [--keep] [--repo DIR]
        bench persons [--persons N (1000000)] [--requests R (50)] [--keep] [--repo DIR]
            issue-12 benchmarks: throwaway PostgreSQL + host, N rows loaded with one statement, then R requests of
            each kind of GET /api/cases (filters, page 2) or GET /api/persons (name, phone, id prefixes, household,
            compound), one at a time over HTTP; baseline: the same requests after dropping migration 0040's indexes
        """);
}

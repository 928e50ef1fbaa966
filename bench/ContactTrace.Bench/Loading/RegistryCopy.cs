using ContactTrace.Bench.Report;
using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Loading;

/// <summary>
/// The registry rows a city's persons and venues would get from <c>PUT /api/persons|venues/{id}</c>, written with
/// one binary COPY each. The host's grains take their profiles from these rows when nobody registered them
/// through the API (PersonGrain, VenueGrain on activation), so 200,000 persons load in seconds, not minutes.
/// </summary>
internal static class RegistryCopy
{
    public static async Task PersonsAsync(NpgsqlDataSource data, IEnumerable<Person> persons, int count, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await data.OpenConnectionAsync(ct);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY persons (person_id, district, household_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var person in persons)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(person.PersonId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(person.District, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(person.HouseholdId, NpgsqlDbType.Text, ct);
            }

            await writer.CompleteAsync(ct);
        }

        Console.WriteLine($"registry: {Figures.Count(count)} persons by COPY into persons in {Figures.Seconds(clock.Elapsed)}");
    }

    public static async Task VenuesAsync(NpgsqlDataSource data, IReadOnlyCollection<Venue> venues, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await data.OpenConnectionAsync(ct);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY venues (venue_id, name, district, kind) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var venue in venues)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(venue.VenueId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(venue.Name, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(venue.District, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(venue.Kind, NpgsqlDbType.Text, ct);
            }

            await writer.CompleteAsync(ct);
        }

        Console.WriteLine($"registry: {Figures.Count(venues.Count)} venues by COPY into venues in {Figures.Seconds(clock.Elapsed)}");
    }
}

namespace ContactTrace.Storage;

/// <summary>Registry rows in PostgreSQL, upserted by the owning grain.</summary>
public sealed class PostgresRegistryStore(NpgsqlDataSource dataSource) : IRegistryStore
{
    public Task UpsertPersonAsync(string personId, PersonProfile profile, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO persons (person_id, district, household_id, name, phone, compound_id, household_since)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (person_id) DO UPDATE
            SET district = excluded.district, household_id = excluded.household_id,
                name = excluded.name, phone = excluded.phone, compound_id = excluded.compound_id, updated_at = now(),
                household_since = CASE WHEN excluded.household_id IS NULL THEN NULL
                                       WHEN persons.household_id IS DISTINCT FROM excluded.household_id THEN coalesce($7, now())
                                       ELSE coalesce($7, persons.household_since) END
            """, cancellationToken, personId, profile.District, profile.HouseholdId, profile.Name, profile.Phone, profile.CompoundId, profile.HouseholdSince?.ToUniversalTime());

    public Task UpsertVenueAsync(string venueId, VenueProfile profile, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO venues (venue_id, name, district, kind)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (venue_id) DO UPDATE
            SET name = excluded.name, district = excluded.district, kind = excluded.kind, updated_at = now()
            """, cancellationToken, venueId, profile.Name, profile.District, profile.Kind);

    public async Task<PersonProfile?> GetPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT district, household_id, name, phone, compound_id FROM persons WHERE person_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = personId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PersonProfile(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    public async Task<VenueProfile?> GetVenueAsync(string venueId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT name, district, kind FROM venues WHERE venue_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = venueId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new VenueProfile(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task<IReadOnlyDictionary<string, string>> FindVenueKindsAsync(IReadOnlyCollection<string> venueIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT venue_id, kind FROM venues WHERE venue_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = venueIds.ToArray() });
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            kinds[reader.GetString(0)] = reader.GetString(1);
        }

        return kinds;
    }

    public async Task<IReadOnlyDictionary<string, PersonProfile>> FindPersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT person_id, district, household_id, name, phone FROM persons WHERE person_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = personIds.ToArray() });
        var persons = new Dictionary<string, PersonProfile>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            persons[reader.GetString(0)] = new PersonProfile(reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3), reader.GetNullableString(4));
        }

        return persons;
    }

    public async Task<IReadOnlyDictionary<string, string>> FindHouseholdsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT person_id, household_id FROM persons WHERE person_id = ANY($1) AND household_id IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = personIds.ToArray() });
        var households = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            households[reader.GetString(0)] = reader.GetString(1);
        }

        return households;
    }

    public async Task<IReadOnlyList<HouseholdMembership>> FindHouseholdMembersAsync(IReadOnlyCollection<string> householdIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT person_id, household_id, household_since FROM persons WHERE household_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = householdIds.ToArray() });
        var members = new List<HouseholdMembership>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new HouseholdMembership(reader.GetString(0), reader.GetString(1), reader.GetNullableTime(2)));
        }

        return members;
    }

    public Task UpsertHotelAsync(string hotelId, HotelProfile profile, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO hotels (hotel_id, name, district, capacity)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (hotel_id) DO UPDATE
            SET name = excluded.name, district = excluded.district, capacity = excluded.capacity, updated_at = now()
            """, cancellationToken, hotelId, profile.Name, profile.District, profile.Capacity);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

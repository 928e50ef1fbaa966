using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Need-to-know through HTTP on the real host and PostgreSQL: keys created, listed and revoked through the API
/// (on this silo and on another one of the cluster), the audit log of personal-data reads (who, which endpoint,
/// whose data; filtered, paged, append-only), erasure of a person's name and phone, and per-key rate limits.
/// </summary>
public sealed class AccessApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A name and a phone number of this test's own, so that finding them stored anywhere means this test stored them.</summary>
    private string Name => $"赵六{_run}";

    private string Phone => "136" + Convert.ToUInt32(_run, 16).ToString("D10", CultureInfo.InvariantCulture);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private string Id(string name) => $"acc-{name}-{_run}";

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private sealed record class CreatedKey(string KeyId, string Secret);

    private async Task<CreatedKey> CreateKeyAsync(string role, string? hotelId = null)
    {
        var created = await Admin.PostAsJsonAsync("/api/keys", new { role, hotelId, name = $"{role} {_run}" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json.ReadAsync(created);
        return new CreatedKey(body.GetProperty("keyId").GetString()!, body.GetProperty("key").GetString()!);
    }

    private async Task<JsonElement> ListKeysAsync()
    {
        var list = await Admin.GetAsync("/api/keys", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return await Json.ReadAsync(list);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => Poll.UntilAsync(condition, timeout, what, Ct);

    /// <summary>A traced case whose one close contact, a household member, is registered with a name and a phone.</summary>
    private async Task<(string CaseId, string CasePersonId, string MemberId)> TracedHouseholdAsync()
    {
        var (caseId, casePerson, member) = (Id("case"), Id("case-person"), Id("member"));
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/persons/{casePerson}", new { district = "nangang", householdId = Id("household") }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/persons/{member}", new { district = "nangang", householdId = Id("household"), name = Name, phone = Phone }, Ct)).StatusCode);
        var reported = await fixture.Host.CreateClient(ContactTraceHost.TracerKey).PostAsJsonAsync("/api/cases",
            new { caseId, personId = casePerson, classification = "confirmed", sampledAt = Iso(DateTimeOffset.UtcNow.AddHours(-1)) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        await WaitUntilAsync(async () =>
        {
            var trace = (await Json.ReadAsync(await Admin.GetAsync($"/api/cases/{caseId}", Ct))).GetProperty("trace");
            return trace.GetProperty("status").GetString() == "completed";
        }, TimeSpan.FromSeconds(30), $"case {caseId} is traced");
        return (caseId, casePerson, member);
    }

    private sealed record class AuditItem(string Id, DateTimeOffset At, string KeyId, string Endpoint, string[] Subjects);

    private sealed record class AuditPage(List<AuditItem> Items, string? Next);

    private async Task<AuditPage> AuditAsync(string query)
    {
        var response = await Admin.GetAsync($"/api/audit?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditPage>(JsonSerializerOptions.Web, Ct))!;
    }

    /// <summary>The reads of personal data the audit tests make with one key, in order, with the subjects each must name.</summary>
    private static (string Path, string Endpoint, string[] Subjects)[] PersonalReads(string caseId, string casePerson, string member) =>
    [
        ($"/api/persons/{member}", "GET /api/persons/{personId}", [member]),
        ($"/api/persons/{member}/exposures", "GET /api/persons/{personId}/exposures", [member]),
        ($"/api/cases/{caseId}/contacts", "GET /api/cases/{caseId}/contacts", [$"case:{caseId}", member]),
        ($"/api/cases/{caseId}/chain", "GET /api/cases/{caseId}/chain", [$"case:{caseId}", casePerson]),
        ($"/api/cases/{caseId}/contacts?format=csv", "GET /api/cases/{caseId}/contacts?format=csv", [$"case:{caseId}", member]),
        ($"/api/cases/{caseId}", "GET /api/cases/{caseId}", [$"case:{caseId}", casePerson]),
        ($"/api/assignments?personId={member}", "GET /api/assignments", [member]),
    ];

    private async Task<(string KeyId, (string Path, string Endpoint, string[] Subjects)[] Reads, string CaseId, string MemberId)> ReadPersonalDataAsync()
    {
        var (caseId, casePerson, member) = await TracedHouseholdAsync();
        var key = await CreateKeyAsync("tracer");
        var reader = fixture.Host.CreateClient(key.Secret);
        var reads = PersonalReads(caseId, casePerson, member);
        foreach (var (path, _, _) in reads)
        {
            var response = await reader.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
            await response.Content.ReadAsStringAsync(Ct);
        }

        return (key.KeyId, reads, caseId, member);
    }

    // ---- keys

    [Fact]
    public async Task ACreatedKeysSecretIsShownOnceAndTheKeyWorksAtOnce()
    {
        // Act
        var created = await Admin.PostAsJsonAsync("/api/keys", new { role = "tracer", name = $"探针 {_run}" }, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json.ReadAsync(created);
        var keyId = body.GetProperty("keyId").GetString()!;
        var secret = body.GetProperty("key").GetString()!;
        Assert.StartsWith("key:", keyId, StringComparison.Ordinal);
        Assert.Equal($"/api/keys/{keyId}", created.Headers.Location?.OriginalString);
        Assert.Equal(("tracer", $"探针 {_run}", JsonValueKind.Null, JsonValueKind.Null),
            (body.GetProperty("role").GetString(), body.GetProperty("name").GetString(), body.GetProperty("hotelId").ValueKind, body.GetProperty("revokedAt").ValueKind));
        Assert.Matches("^ct_[0-9a-f]{48}$", secret);

        var listText = await (await Admin.GetAsync("/api/keys", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[3..], listText, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(listText).RootElement.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == keyId);
        Assert.True(!listed.TryGetProperty("key", out var shown) || shown.ValueKind == JsonValueKind.Null, $"the list shows the key: {listed}");
        Assert.Equal("tracer", listed.GetProperty("role").GetString());

        var client = fixture.Host.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/policy", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/persons/{Id("by-new-key")}", new { district = "daoli" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedWithinSeconds()
    {
        var key = await CreateKeyAsync("tracer");
        var client = fixture.Host.CreateClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/policy", Ct)).StatusCode);

        // Act
        var revoked = await Admin.DeleteAsync($"/api/keys/{key.KeyId}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await WaitUntilAsync(async () => (await client.GetAsync("/api/policy", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the revoked key is refused");
        var listed = (await ListKeysAsync()).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == key.KeyId);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revokedAt").ValueKind);
        var refused = await client.GetAsync("/api/policy", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AKeyRevokedOnOneSiloIsRefusedOnAnotherWithinSeconds()
    {
        await using var second = fixture.NewHost();
        var key = await CreateKeyAsync("tracer");
        var elsewhere = second.CreateClient(key.Secret);
        await WaitUntilAsync(async () => (await elsewhere.GetAsync("/api/policy", Ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5), "the new key works on the second silo");

        // Act
        var revoked = await Admin.DeleteAsync($"/api/keys/{key.KeyId}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await WaitUntilAsync(async () => (await elsewhere.GetAsync("/api/policy", Ct)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(6), "the revoked key is refused on the second silo");
    }

    [Fact]
    public async Task RevokingAnUnknownKeyIsANotFoundProblemNamingKeyId()
    {
        // Act
        var response = await Admin.DeleteAsync($"/api/keys/key:{_run}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("keyId", (await Json.ReadAsync(response)).GetProperty("field").GetString());
    }

    public static TheoryData<string, string> InvalidKeyBodies() => new()
    {
        { """{"role":"hotel"}""", "hotelId" },
        { """{"role":"hotel","hotelId":null}""", "hotelId" },
        { """{"role":"hotel","hotelId":""}""", "hotelId" },
        { """{"role":"hotel","hotelId":"hotel with spaces"}""", "hotelId" },
        { """{"role":"tracer","hotelId":"hotel-1"}""", "hotelId" },
        { """{"role":"admin","hotelId":"hotel-1"}""", "hotelId" },
        { """{"role":"root"}""", "role" },
        { """{"role":"Admin"}""", "role" },
        { """{}""", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidKeyBodies))]
    public async Task AHotelKeyNeedsAHotelIdAndNoOtherKeyMayHaveOne(string body, string field)
    {
        var before = (await ListKeysAsync()).GetProperty("items").GetArrayLength();

        // Act
        var response = await Admin.PostAsync("/api/keys", Json.Raw(body), Ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json.ReadAsync(response)).GetProperty("errors");
        Assert.Equal(new[] { field }, errors.EnumerateObject().Select(e => e.Name).ToArray());
        Assert.Equal(before, (await ListKeysAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AHotelKeyCreatedThroughTheApiActsForItsOwnHotelOnly()
    {
        var (own, other) = (Id("own-hotel"), Id("other-hotel"));
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/hotels/{own}", new { name = "甲", district = "yilan", capacity = 3 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/hotels/{other}", new { name = "乙", district = "yilan", capacity = 3 }, Ct)).StatusCode);

        // Act
        var key = await CreateKeyAsync("hotel", own);
        var client = fixture.Host.CreateClient(key.Secret);

        // Assert
        var listed = (await ListKeysAsync()).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == key.KeyId);
        Assert.Equal(("hotel", own), (listed.GetProperty("role").GetString(), listed.GetProperty("hotelId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/hotels/{own}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/hotels/{own}/assignments", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/hotels/{other}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/hotels/{other}/assignments", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/policy", Ct)).StatusCode);
    }

    // ---- audit

    [Fact]
    public async Task EveryReadOfPersonalDataAppendsAnAuditEntryNamingKeyEndpointAndSubjects()
    {
        var started = DateTimeOffset.UtcNow;

        // Act
        var (keyId, reads, _, _) = await ReadPersonalDataAsync();

        // Assert: newest first, one entry per read, nothing else for this key
        var finished = DateTimeOffset.UtcNow;
        var page = await AuditAsync($"keyId={Uri.EscapeDataString(keyId)}");
        Assert.Null(page.Next);
        Assert.Equal(Enumerable.Reverse(reads).Select(r => r.Endpoint), page.Items.Select(i => i.Endpoint));
        Assert.Equal(Enumerable.Reverse(reads).Select(r => string.Join(' ', r.Subjects.Order(StringComparer.Ordinal))),
            page.Items.Select(i => string.Join(' ', i.Subjects.Order(StringComparer.Ordinal))));
        Assert.All(page.Items, i => Assert.Equal(keyId, i.KeyId));
        Assert.All(page.Items, i => Assert.InRange(i.At, started.AddSeconds(-2), finished.AddSeconds(2)));
        Assert.Equal(page.Items.Select(i => long.Parse(i.Id, CultureInfo.InvariantCulture)).OrderDescending(), page.Items.Select(i => long.Parse(i.Id, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TheAuditLogFiltersBySubjectAndByKeyAndSubject()
    {
        var (keyId, reads, caseId, member) = await ReadPersonalDataAsync();

        // Act
        var bySubject = await AuditAsync($"subject={member}");
        var byKeyAndCase = await AuditAsync($"keyId={Uri.EscapeDataString(keyId)}&subject={Uri.EscapeDataString($"case:{caseId}")}");
        var byOtherKey = await AuditAsync($"keyId=config:0&subject={member}");

        // Assert
        Assert.Equal(reads.Where(r => r.Subjects.Contains(member)).AsEnumerable().Reverse().Select(r => r.Endpoint), bySubject.Items.Select(i => i.Endpoint));
        Assert.All(bySubject.Items, i => Assert.Equal(keyId, i.KeyId));
        Assert.Equal(reads.Where(r => r.Subjects.Contains($"case:{caseId}")).Reverse().Select(r => r.Endpoint), byKeyAndCase.Items.Select(i => i.Endpoint));
        Assert.Empty(byOtherKey.Items);
        Assert.Null(byOtherKey.Next);
    }

    [Fact]
    public async Task TheAuditLogPagesNewestFirstWithAfter()
    {
        var (keyId, reads, _, _) = await ReadPersonalDataAsync();
        var key = Uri.EscapeDataString(keyId);
        var whole = await AuditAsync($"keyId={key}");

        // Act
        var first = await AuditAsync($"keyId={key}&limit=4");
        var second = await AuditAsync($"keyId={key}&limit=4&after={first.Next}");

        // Assert
        Assert.Equal(reads.Length, whole.Items.Count);
        Assert.Equal(whole.Items.Take(4).Select(i => i.Id), first.Items.Select(i => i.Id));
        Assert.Equal(first.Items[^1].Id, first.Next);
        Assert.Equal(whole.Items.Skip(4).Select(i => i.Id), second.Items.Select(i => i.Id));
        Assert.Null(second.Next);
    }

    [Theory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("after=99999999999999999999", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task TheAuditLogRejectsABadCursorOrLimitNamingIt(string query, string field)
    {
        // Act
        var response = await Admin.GetAsync($"/api/audit?{query}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json.ReadAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name {field}");
    }

    [Theory]
    [InlineData("UPDATE audit_log SET key_id = 'someone-else'")]
    [InlineData("UPDATE audit_log SET subjects = '{}' WHERE id = (SELECT max(id) FROM audit_log)")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")]
    [InlineData("TRUNCATE audit_log")]
    public async Task AuditEntriesCannotBeChangedOrRemovedEvenInSql(string sql)
    {
        var read = await Admin.GetAsync($"/api/persons/{Id("audited")}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        var before = await SnapshotAsync(database);
        Assert.Contains(Id("audited"), before, StringComparison.Ordinal);

        // Act
        var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var command = database.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(Ct);
        });

        // Assert
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(database));

        static async Task<string> SnapshotAsync(NpgsqlDataSource database)
        {
            await using var command = database.CreateCommand("SELECT string_agg(id || ' ' || key_id || ' ' || endpoint || ' ' || array_to_string(subjects, ','), E'\\n' ORDER BY id) FROM audit_log");
            return (string)(await command.ExecuteScalarAsync(Ct))!;
        }
    }

    // ---- erasure

    [Fact]
    public async Task ErasingAPersonClearsNameAndPhoneWhileTheirContactsAndExposuresStillCount()
    {
        // A hotel with rooms, and the member placed in one before the snapshot: otherwise the allocator could place
        // the waiting assignment (in a hotel of another test) between the reads before and after the erasure.
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/hotels/{Id("erasure-hotel")}", new { name = "丙", district = "nangang", capacity = 10 }, Ct)).StatusCode);
        var (caseId, _, member) = await TracedHouseholdAsync();
        var tracer = fixture.Host.CreateClient(ContactTraceHost.TracerKey);
        await WaitUntilAsync(async () =>
        {
            var assignments = await Json.ReadAsync(await tracer.GetAsync($"/api/assignments?personId={member}", Ct));
            return assignments.GetProperty("items").EnumerateArray().Any(a =>
                a.GetProperty("kind").GetString() == "centralized-isolation" && a.GetProperty("status").GetString() == "assigned");
        }, TimeSpan.FromSeconds(30), $"{member} is placed in a hotel");
        var before = await Json.ReadAsync(await tracer.GetAsync($"/api/persons/{member}", Ct));
        Assert.Equal((Name, Phone), (before.GetProperty("name").GetString(), before.GetProperty("phone").GetString()));
        var contactsBefore = await tracer.GetStringAsync($"/api/cases/{caseId}/contacts", Ct);
        var exposuresBefore = await tracer.GetStringAsync($"/api/persons/{member}/exposures", Ct);
        var chainBefore = await tracer.GetStringAsync($"/api/cases/{caseId}/chain?contacts=true", Ct);
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        var (rows, states) = await StoredAsync(database, member);
        Assert.Equal(1, rows);
        Assert.True(states >= 1, "the person grain's state does not hold the name and phone as UTF-8");

        // Act
        var erased = await Admin.DeleteAsync($"/api/persons/{member}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var after = await Json.ReadAsync(await tracer.GetAsync($"/api/persons/{member}", Ct));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("phone").ValueKind);
        foreach (var kept in new[] { "personId", "district", "householdId", "management", "healthCode", "assignments", "exposures" })
        {
            Assert.Equal(before.GetProperty(kept).GetRawText(), after.GetProperty(kept).GetRawText());
        }

        Assert.Equal("close-contact", after.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal(1, after.GetProperty("exposures").GetArrayLength());
        Assert.Equal(contactsBefore, await tracer.GetStringAsync($"/api/cases/{caseId}/contacts", Ct));
        Assert.Equal(exposuresBefore, await tracer.GetStringAsync($"/api/persons/{member}/exposures", Ct));
        Assert.Equal(chainBefore, await tracer.GetStringAsync($"/api/cases/{caseId}/chain?contacts=true", Ct));
        var trace = (await Json.ReadAsync(await tracer.GetAsync($"/api/cases/{caseId}", Ct))).GetProperty("trace");
        Assert.Equal(1, trace.GetProperty("closeContacts").GetInt32());
        Assert.Equal((0L, 0L), await StoredAsync(database, member));

        // Where a person's name and phone could be kept: the registry row and the person grain's state.
        async Task<(long Rows, long States)> StoredAsync(NpgsqlDataSource database, string personId)
        {
            await using var command = database.CreateCommand("""
                SELECT (SELECT count(*) FROM persons WHERE person_id = $1 AND (name IS NOT NULL OR phone IS NOT NULL)),
                       (SELECT count(*) FROM orleans_grain_state WHERE position($2 in PayloadBinary) > 0 OR position($3 in PayloadBinary) > 0)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = personId });
            command.Parameters.Add(new NpgsqlParameter { Value = Encoding.UTF8.GetBytes(Name) });
            command.Parameters.Add(new NpgsqlParameter { Value = Encoding.UTF8.GetBytes(Phone) });
            await using var reader = await command.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    [Fact]
    public async Task ErasingAnUnknownPersonIsANotFoundProblem()
    {
        // Act
        var response = await Admin.DeleteAsync($"/api/persons/{Id("nobody")}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("personId", (await Json.ReadAsync(response)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/persons/{Id("nobody")}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AReadNamingThousandsOfPersonsIsFoundUnderEachOfThem()
    {
        // Arrange: a read as large as a 5,000-node chain page
        var subjects = Enumerable.Range(0, 5000).Select(i => Id($"many-{i}")).ToList();
        var trail = fixture.Host.Services.GetRequiredService<ContactTrace.Host.Auth.AuditTrail>();
        var reader = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(ContactTrace.Host.Auth.ApiKeyAuthenticationHandler.KeyIdClaim, Id("bulk-key"))], "test"));

        // Act
        await trail.RecordAsync(reader, "GET /api/cases/{caseId}/chain", [$"case:{Id("big")}", .. subjects]);

        // Assert: the first, a middle one and the last are each found
        foreach (var subject in (string[])[subjects[0], subjects[2500], subjects[^1]])
        {
            var found = await AuditAsync($"subject={subject}");
            var entry = Assert.Single(found.Items);
            Assert.Equal((Id("bulk-key"), "GET /api/cases/{caseId}/chain"), (entry.KeyId, entry.Endpoint));
        }

        var all = await AuditAsync($"keyId={Id("bulk-key")}&limit=1000");
        Assert.Equal(subjects.Order(StringComparer.Ordinal), all.Items.SelectMany(i => i.Subjects).Where(s => !s.StartsWith("case:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    // ---- rate limits

    [Fact]
    public async Task AKeyPastItsBurstGets429WithRetryAfterWhileOtherKeysAreUnaffected()
    {
        await using var host = new RateLimitedHost(await PostgresServer.CreateDatabaseAsync("ratelimit"), $"ratelimit-{_run}");
        var admin = host.CreateClient(ContactTraceHost.AdminKey);
        var tracer = host.CreateClient(ContactTraceHost.TracerKey);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateDefaultClient().GetAsync("/health/ready", Ct)).StatusCode);

        // Act: as fast as it goes, until the key is refused
        var served = 0;
        HttpResponseMessage? limited = null;
        var clock = Stopwatch.StartNew();
        while (limited is null && served < 20)
        {
            var response = await admin.GetAsync("/api/policy", Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                served++;
            }
        }

        // Assert: the burst, plus at most what the bucket refilled meanwhile
        var refilled = RateLimitedHost.PermitsPerSecond * (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.NotNull(limited);
        Assert.InRange(served, RateLimitedHost.Burst, RateLimitedHost.Burst + refilled);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture), 1, 2);
        var problem = await Json.ReadAsync(limited);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.OK, (await tracer.GetAsync("/api/policy", Ct)).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready", Ct)).StatusCode);
        }

        // After Retry-After (and a moment for the bucket's timer) the key is served again; a refusal costs no permit.
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)), Ct);
        await WaitUntilAsync(async () => (await admin.GetAsync("/api/policy", Ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(3), "the key is served again after Retry-After");
    }

    [Fact]
    public async Task LetterCaseOfThePathDoesNotEscapeTheLimitForGoodKeysOrWrongOnes()
    {
        await using var host = new RateLimitedHost(await PostgresServer.CreateDatabaseAsync("ratecase"), $"ratecase-{_run}");
        var admin = host.CreateClient(ContactTraceHost.AdminKey);
        var guesser = host.CreateClient("not-a-key-" + _run);

        // Act: the same endpoint in other letter cases, and wrong keys, past the burst
        var answers = new List<HttpStatusCode>();
        var guesses = new List<HttpStatusCode>();
        foreach (var path in (string[])["/API/policy", "/Api/Policy", "/aPI/POLICY", "/API/policy", "/API/policy"])
        {
            answers.Add((await admin.GetAsync(path, Ct)).StatusCode);
            guesses.Add((await guesser.GetAsync(path.Replace("policy", "persons/p-1", StringComparison.OrdinalIgnoreCase), Ct)).StatusCode);
        }

        // Assert: routing serves every casing, and the bucket counts every casing
        Assert.Equal(HttpStatusCode.OK, answers[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.Equal(HttpStatusCode.Unauthorized, guesses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, guesses);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/HEALTH/live", Ct)).StatusCode);
    }
}

using System.Security.Cryptography;
using System.Text;
using ContactTrace.Access;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Auth;

/// <summary>
/// Resolves a presented key to its identity: keys from configuration, and keys created through the admin API,
/// read from storage and refreshed every few seconds so that a revocation on any silo takes effect on all of them
/// within <see cref="RefreshInterval"/>. Keys are held by their SHA-256 hash, never as secrets. The published
/// development keys (<c>dev-…</c>, appsettings.Development.json) are refused outside the Development environment.
/// </summary>
public sealed class ApiKeyStore
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, ApiKeyIdentity> _configured = new(StringComparer.Ordinal);
    private readonly IAccessStore _access;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Dictionary<string, ApiKeyIdentity> _stored = new(StringComparer.Ordinal);
    private long _refreshedAt = Stale;
    private const long Stale = -1;

    public const string DevelopmentKeyPrefix = "dev-";

    public ApiKeyStore(IOptions<ContactTraceOptions> options, IAccessStore access, IHostEnvironment environment, ILogger<ApiKeyStore> logger)
    {
        _access = access;
        _logger = logger;
        var keys = options.Value.ApiKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key.Key.StartsWith("REPLACE-ME", StringComparison.Ordinal))
            {
                throw new OptionsValidationException(ContactTraceOptions.SectionName, typeof(ContactTraceOptions),
                    [$"ContactTrace:ApiKeys:{i} is still the manifest's placeholder; set a real secret (e.g. openssl rand -hex 32)."]);
            }

            if (key.Key.StartsWith(DevelopmentKeyPrefix, StringComparison.Ordinal) && !environment.IsDevelopment())
            {
                throw new OptionsValidationException(ContactTraceOptions.SectionName, typeof(ContactTraceOptions),
                    [$"ContactTrace:ApiKeys:{i} is a published development key ({DevelopmentKeyPrefix}…); it is refused in the {environment.EnvironmentName} environment."]);
            }

            if (string.IsNullOrWhiteSpace(key.Key) || !Roles.IsKnown(key.Role) || (key.Role == Roles.Hotel && !Ids.IsValid(key.HotelId)))
            {
                throw new OptionsValidationException(ContactTraceOptions.SectionName, typeof(ContactTraceOptions),
                    [$"ContactTrace:ApiKeys:{i} needs a Key, a Role of admin, tracer, scanner, hotel, lab or public, and for hotel a valid HotelId."]);
            }

            _configured[Hash(key.Key)] = new ApiKeyIdentity($"config:{i}", key.Role, key.Role == Roles.Hotel ? key.HotelId : null);
        }

        if (_configured.Count == 0)
        {
            logger.LogWarning("No API keys are configured (ContactTrace:ApiKeys); only keys created through /api/keys will work.");
        }
    }

    public async ValueTask<ApiKeyIdentity?> FindAsync(string presentedKey)
    {
        var hash = Hash(presentedKey);
        if (_configured.TryGetValue(hash, out var configured))
        {
            return configured;
        }

        await RefreshIfStaleAsync();
        return _stored.GetValueOrDefault(hash);
    }

    /// <summary>Forgets the cached stored keys, e.g. right after this silo revoked one.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _refreshedAt, Stale);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private bool IsFresh()
    {
        var refreshedAt = Interlocked.Read(ref _refreshedAt);
        return refreshedAt != Stale && Environment.TickCount64 - refreshedAt < RefreshInterval.TotalMilliseconds;
    }

    private async Task RefreshIfStaleAsync()
    {
        if (IsFresh())
        {
            return;
        }

        await _refresh.WaitAsync();
        try
        {
            if (IsFresh())
            {
                return;
            }

            var keys = await _access.ListKeysAsync();
            _stored = keys.Where(k => k.RevokedAt is null)
                .ToDictionary(k => k.KeyHash, k => new ApiKeyIdentity(k.KeyId, k.Role, k.HotelId), StringComparer.Ordinal);
            Interlocked.Exchange(ref _refreshedAt, Environment.TickCount64);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage is down: keep the last known keys rather than locking everyone out.
            _logger.LogWarning(exception, "Could not refresh stored API keys; using the last known set.");
        }
        finally
        {
            _refresh.Release();
        }
    }
}

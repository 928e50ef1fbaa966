using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Auth;

/// <summary>
/// Resolves a presented key to its identity. Keys are held by their SHA-256 hash, so the lookup neither keeps
/// the secrets in memory nor compares them character by character.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly Dictionary<string, ApiKeyIdentity> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<ContactTraceOptions> options, ILogger<ApiKeyStore> logger)
    {
        var keys = options.Value.ApiKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (string.IsNullOrWhiteSpace(key.Key) || !Roles.IsKnown(key.Role) || (key.Role == Roles.Hotel && !Ids.IsValid(key.HotelId)))
            {
                throw new OptionsValidationException(ContactTraceOptions.SectionName, typeof(ContactTraceOptions),
                    [$"ContactTrace:ApiKeys:{i} needs a Key, a Role of admin, tracer, scanner or hotel, and for hotel a valid HotelId."]);
            }

            var hash = Hash(key.Key);
            _byHash[hash] = new ApiKeyIdentity($"config:{i}", key.Role, key.Role == Roles.Hotel ? key.HotelId : null);
        }

        if (_byHash.Count == 0)
        {
            logger.LogWarning("No API keys are configured (ContactTrace:ApiKeys): every API request will get 401.");
        }
    }

    public ApiKeyIdentity? Find(string presentedKey) =>
        _byHash.TryGetValue(Hash(presentedKey), out var identity) ? identity : null;

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

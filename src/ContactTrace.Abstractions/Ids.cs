namespace ContactTrace;

/// <summary>The id rule of the API: 1–64 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
public static class Ids
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsIdChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or ':' or '-';
}

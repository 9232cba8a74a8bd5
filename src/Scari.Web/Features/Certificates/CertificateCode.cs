using System.Security.Cryptography;
using System.Text;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Certificate codes like <c>SCARI-2026-7KQ4-M2XD-9HTA-Q</c>: the issue year, 60 random bits as twelve Crockford
/// base-32 characters (no I, L, O, U), and a Luhn mod-32 check character that catches any single typo.
/// </summary>
public static class CertificateCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Prefix = "SCARI";
    private const int RandomChars = 12; // 12 × 5 = 60 bits

    public static string New(int year)
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var value = BitConverter.ToUInt64(bytes);
        var chars = new char[RandomChars];
        for (var i = 0; i < RandomChars; i++)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        var body = $"{year:D4}{new string(chars)}";
        return Format(year, new string(chars), Check(body));
    }

    /// <summary>
    /// Reads a code as a person may type it: any case, spaces or dashes anywhere, O for 0, I or L for 1,
    /// with or without the SCARI prefix. Null when it is not a well-formed code with a matching check character.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 80) return null;
        var sb = new StringBuilder(24);
        foreach (var ch in input.Trim().ToUpperInvariant())
        {
            if (ch is ' ' or '-' or '_' or '.' or '\t') continue;
            sb.Append(ch);
        }
        var s = sb.ToString();
        if (s.StartsWith(Prefix, StringComparison.Ordinal)) s = s[Prefix.Length..];
        if (s.Length != 4 + RandomChars + 1) return null;

        var year = s[..4].Replace('O', '0').Replace('I', '1').Replace('L', '1');
        if (!year.All(char.IsAsciiDigit)) return null;
        var random = new char[RandomChars + 1];
        for (var i = 0; i <= RandomChars; i++)
        {
            var c = s[4 + i] switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (Alphabet.IndexOf(c) < 0) return null;
            random[i] = c;
        }
        var check = random[RandomChars];
        var body = year + new string(random, 0, RandomChars);
        if (Check(body) != check) return null;
        return Format(int.Parse(year, System.Globalization.CultureInfo.InvariantCulture), body[4..], check);
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;

    private static string Format(int year, string random, char check) =>
        $"{Prefix}-{year:D4}-{random[..4]}-{random[4..8]}-{random[8..]}-{check}";

    /// <summary>Luhn mod N over the 32-symbol alphabet: catches every single-character error and most adjacent swaps.</summary>
    private static char Check(string body)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(body[i]);
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return Alphabet[(n - sum % n) % n];
    }
}

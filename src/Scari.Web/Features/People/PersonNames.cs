using System.Globalization;
using System.Text;

namespace Scari.Web.Features.People;

/// <summary>
/// A person's full name reduced to what identifies it: no accents, lower case, single spaces, words in alphabetical
/// order, so "María José Pérez Gómez", "maria jose  perez gomez" and "Pérez Gómez María José" give the same key.
/// </summary>
public static class PersonNames
{
    public const int MaxKeyLength = 220;

    public static string Key(string? givenNames, string? familyNames)
    {
        var words = Simplify($"{givenNames} {familyNames}").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(words, StringComparer.Ordinal);
        var key = string.Join(' ', words);
        return key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;
    }

    /// <summary>Accents and case removed, anything but letters and digits turned into one space.</summary>
    public static string Simplify(string? text)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        return sb.ToString().TrimEnd();
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scari.Web.Content;

public enum TypedVerdict { Right, Wrong, Empty, Unreadable }

/// <summary>
/// The answer of a typed question: the <c>=</c> lines under its heading. In the file numbers use a decimal point and
/// dates are ISO; what a learner may type (decimal comma, thousands dot, dd/mm/aaaa) is read by <see cref="LearnerInput"/>.
/// </summary>
public abstract record TypedAnswer
{
    /// <summary>The answer as the fingerprint of the quiz sees it.</summary>
    public abstract string Canonical { get; }

    /// <summary>What the full review shows as the right answer.</summary>
    public abstract string Display { get; }

    /// <summary>How the input is described next to the field.</summary>
    public abstract string Hint { get; }

    public abstract TypedVerdict Check(string? input);

    /// <summary>The Spanish message for an input <see cref="Check"/> could not read.</summary>
    public abstract string UnreadableMessage(string input);
}

/// <summary>A number, right when within [Min, Max] (<c>= 251</c>, <c>= 3 ± 0.1</c>, <c>= 2.9..3.1</c>).</summary>
public sealed record NumberAnswer(decimal Min, decimal Max) : TypedAnswer
{
    public override string Canonical => $"number:{Min.ToString(CultureInfo.InvariantCulture)}..{Max.ToString(CultureInfo.InvariantCulture)}";
    public override string Display => Min == Max ? LearnerInput.FormatNumber(Min) : $"entre {LearnerInput.FormatNumber(Min)} y {LearnerInput.FormatNumber(Max)}";
    public override string Hint => "Escriba un número. Use coma para los decimales (2,9) y, si quiere, punto para los miles (1.000).";

    public override TypedVerdict Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return TypedVerdict.Empty;
        if (!LearnerInput.TryParseNumber(input, out var value)) return TypedVerdict.Unreadable;
        return value >= Min && value <= Max ? TypedVerdict.Right : TypedVerdict.Wrong;
    }

    public override string UnreadableMessage(string input) =>
        $"«{input.Trim()}» no es un número que SCARI pueda leer: escriba solo cifras, con coma para los decimales y, si quiere, punto para los miles (por ejemplo 2,9, 1.000 o 1.000,5).";
}

public sealed record DateAnswer(DateOnly Date) : TypedAnswer
{
    public override string Canonical => "date:" + Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public override string Display => Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    public override string Hint => "Escriba la fecha como dd/mm/aaaa (por ejemplo 17/03/2026).";

    public override TypedVerdict Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return TypedVerdict.Empty;
        if (!LearnerInput.TryParseDate(input, out var date)) return TypedVerdict.Unreadable;
        return date == Date ? TypedVerdict.Right : TypedVerdict.Wrong;
    }

    public override string UnreadableMessage(string input) =>
        $"«{input.Trim()}» no es una fecha válida: escríbala como dd/mm/aaaa (por ejemplo 17/03/2026) o aaaa-mm-dd.";
}

/// <summary>A short text: right when it equals one of the accepted forms after <see cref="LearnerInput.FoldText"/>.</summary>
public sealed record TextAnswer(IReadOnlyList<string> Forms) : TypedAnswer
{
    private IReadOnlyList<string> Folded => field ??= Forms.Select(LearnerInput.FoldText).ToList();
    public override string Canonical => "text:" + string.Join("\n", Forms);
    public override string Display => string.Join(" / ", Forms);
    public override string Hint => "Escriba una respuesta corta; no importan las mayúsculas ni las tildes.";

    public override TypedVerdict Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return TypedVerdict.Empty;
        return Folded.Contains(LearnerInput.FoldText(input)) ? TypedVerdict.Right : TypedVerdict.Wrong;
    }

    public override string UnreadableMessage(string input) => "";
}

/// <summary>
/// What a learner in Colombia types, read exactly as content/FORMAT.md states: a decimal comma, a dot that groups
/// thousands when exactly three digits follow it, dates as dd/mm/aaaa or aaaa-mm-dd.
/// </summary>
public static partial class LearnerInput
{
    /// <summary>The HTML <c>pattern</c> of a number field (the same forms as <see cref="TryParseNumber"/>; valid in the v-flag mode of browsers).</summary>
    public const string NumberPattern = @"\s*-?(\d+|[1-9]\d{0,2}(\.\d{3})+)(,\d+)?\s*|\s*-?\d+\.(\d{1,2}|\d{4,})\s*";

    /// <summary>Comma decimal, with or without thousands dots: 2,9 · 1000,5 · 1.000,5 · 1.000 · 1000 · -3.</summary>
    [GeneratedRegex(@"^-?(\d+|[1-9]\d{0,2}(\.\d{3})+)(,\d+)?$")]
    private static partial Regex CommaNumber();

    /// <summary>A dot followed by one, two or four or more digits is a decimal point: 2.9 · 3.14 · 0.0625.</summary>
    [GeneratedRegex(@"^-?\d+\.(\d{1,2}|\d{4,})$")]
    private static partial Regex DotDecimal();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})/(\d{4})$")]
    private static partial Regex ColombianDate();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static bool TryParseNumber(string input, out decimal value)
    {
        value = 0;
        var text = input.Trim();
        string invariant;
        if (CommaNumber().IsMatch(text)) invariant = text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        else if (DotDecimal().IsMatch(text)) invariant = text;
        else return false;
        return decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseDate(string input, out DateOnly date)
    {
        date = default;
        var text = input.Trim();
        Match m;
        int day, month, year;
        if ((m = ColombianDate().Match(text)).Success)
            (day, month, year) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        else if ((m = IsoDate().Match(text)).Success)
            (year, month, day) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        else return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Trimmed, lower case, without accents (ñ becomes n), inner whitespace collapsed to one space.</summary>
    public static string FoldText(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return Spaces().Replace(sb.ToString().Normalize(NormalizationForm.FormC), " ");
    }

    /// <summary>A number as a Colombian reader writes it: 1.000,5.</summary>
    public static string FormatNumber(decimal value) => value.ToString("#,0.##########", Bogota.Culture);
}

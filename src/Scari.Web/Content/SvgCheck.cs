using System.Text.RegularExpressions;

namespace Scari.Web.Content;

/// <summary>
/// An SVG of a course's media/ must be a picture only: no script, no event attributes, no foreignObject (HTML inside
/// the image), and no reference to anything outside the file (href, xlink:href or url() other than #fragment).
/// Media are also served with a sandboxing CSP (CourseMedia); this check keeps such files out of the repository.
/// </summary>
internal static partial class SvgCheck
{
    [GeneratedRegex(@"<\s*script", RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex(@"<[^>]*?\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();

    [GeneratedRegex(@"<\s*foreignObject", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignObject();

    [GeneratedRegex(@"(?<![\w-])(?:xlink:)?href\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s>]+))", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    [GeneratedRegex(@"url\(\s*(?:""([^""]*)""|'([^']*)'|([^)]*))\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"@import", RegexOptions.IgnoreCase)]
    private static partial Regex Import();

    public static IEnumerable<(int Line, string Message)> Problems(string svg)
    {
        int LineOf(int index) => 1 + svg.AsSpan(0, index).Count('\n');
        foreach (Match m in Script().Matches(svg))
            yield return (LineOf(m.Index), "el SVG tiene un <script>: quítelo, las imágenes no pueden ejecutar código");
        foreach (Match m in EventAttribute().Matches(svg))
            yield return (LineOf(m.Index), "el SVG tiene un atributo de evento (on…=): quítelo, las imágenes no pueden ejecutar código");
        foreach (Match m in ForeignObject().Matches(svg))
            yield return (LineOf(m.Index), "el SVG tiene un <foreignObject>: quítelo, las imágenes no pueden llevar HTML dentro");
        foreach (Match m in Href().Matches(svg).Concat(Url().Matches(svg)))
        {
            var target = (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value).Trim();
            if (!target.StartsWith('#'))
                yield return (LineOf(m.Index), $"el SVG hace referencia a «{target}», fuera del archivo: use solo referencias internas (#id) e incruste lo que necesite");
        }
        foreach (Match m in Import().Matches(svg))
            yield return (LineOf(m.Index), "el SVG importa una hoja de estilo (@import): escriba los estilos dentro del archivo");
    }
}

using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Scari.Web.Content;

/// <summary>
/// Markdig with the advanced extensions (tables, task lists, heading ids…) and raw HTML disabled, so
/// <c>&lt;script&gt;</c> in a lesson is shown as text. Runs only at load time: pages write the cached HTML.
/// </summary>
internal static class MarkdownRendering
{
    public static readonly MarkdownPipeline Pipeline = Build();

    private static MarkdownPipeline Build()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();
        // Generic attributes ({onclick=…}) would let Markdown set arbitrary HTML attributes.
        builder.Extensions.RemoveAll(e => e is GenericAttributesExtension);
        return builder.Build();
    }

    public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

    public static string Render(IEnumerable<Block> blocks)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        foreach (var block in blocks) renderer.Render(block);
        writer.Flush();
        return ScrollableTables(writer.ToString());
    }

    /// <summary>
    /// A wide table scrolls inside its own box instead of widening the page on a phone; the box takes keyboard focus
    /// so that it can be scrolled without a mouse (WCAG 2.1.1). Raw HTML is off, so every literal «&lt;table&gt;» here
    /// is Markdig's own.
    /// </summary>
    private static string ScrollableTables(string html) => html.Contains("<table>", StringComparison.Ordinal)
        ? html.Replace("<table>", "<div class=\"lesson-table\" tabindex=\"0\" role=\"region\" aria-label=\"Tabla\"><table>", StringComparison.Ordinal)
              .Replace("</table>", "</table></div>", StringComparison.Ordinal)
        : html;

    /// <summary>The inline content of a heading or paragraph, without the wrapping element.</summary>
    public static string RenderInline(LeafBlock block)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.WriteLeafInline(block);
        writer.Flush();
        return writer.ToString().Trim();
    }
}

/// <summary>
/// Checks every link and image of one Markdown file and rewrites relative ones to the URLs the app serves:
/// media/ files to /cursos/{curso}/media/…, other lessons to /cursos/{curso}/{id}, curso.md to /cursos/{curso}.
/// </summary>
internal sealed class LinkResolver(string courseId, string courseFolder, IReadOnlyDictionary<string, string> pageUrls)
{
    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    public void Resolve(MarkdownDocument document, string filePath, string relativePath, int lineOffset, List<ContentProblem> problems)
    {
        var folder = Path.GetDirectoryName(filePath)!;
        var mediaFolder = Path.Combine(courseFolder, "media") + Path.DirectorySeparatorChar;
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url;
            var what = link.IsImage ? "la imagen" : "el enlace";
            var line = link.Line + lineOffset;
            if (string.IsNullOrWhiteSpace(url))
            {
                problems.Add(new(relativePath, line, $"{what} no tiene dirección: escriba la ruta entre paréntesis"));
                continue;
            }
            if (url.StartsWith('#') || url.StartsWith('/')) continue;
            var colon = url.IndexOf(':');
            var slash = url.IndexOf('/');
            if (colon > 0 && (slash < 0 || colon < slash))
            {
                if (!SafeSchemes.Contains(url[..colon].ToLowerInvariant()))
                {
                    problems.Add(new(relativePath, line, $"{what} «{url}» usa un esquema no permitido: use http, https, mailto o una ruta relativa"));
                    link.Url = "#";
                }
                continue;
            }

            var cut = url.IndexOfAny(['#', '?']);
            var (target, suffix) = cut >= 0 ? (url[..cut], url[cut..]) : (url, "");
            var full = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(target)));
            if (!full.StartsWith(courseFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add(new(relativePath, line, $"{what} «{url}» sale de la carpeta del curso: use archivos del propio curso"));
                link.Url = "#";
                continue;
            }
            if (!File.Exists(full))
            {
                problems.Add(new(relativePath, line, link.IsImage
                    ? $"la imagen «{url}» no existe: revise el nombre o agregue el archivo en la carpeta media del curso"
                    : $"el enlace «{url}» apunta a un archivo que no existe"));
                link.Url = "#";
                continue;
            }
            if (full.StartsWith(mediaFolder, StringComparison.Ordinal))
            {
                var rel = Path.GetRelativePath(mediaFolder, full).Replace(Path.DirectorySeparatorChar, '/');
                link.Url = $"/cursos/{courseId}/media/{string.Join('/', rel.Split('/').Select(Uri.EscapeDataString))}{suffix}";
            }
            else if (pageUrls.TryGetValue(full, out var pageUrl))
                link.Url = pageUrl + suffix;
            else
            {
                problems.Add(new(relativePath, line, $"{what} «{url}» apunta a un archivo que no se publica: mueva el archivo a la carpeta media del curso"));
                link.Url = "#";
            }
        }
        foreach (var auto in document.Descendants<AutolinkInline>())
        {
            var colon = auto.Url.IndexOf(':');
            if (auto.IsEmail || (colon > 0 && SafeSchemes.Contains(auto.Url[..colon].ToLowerInvariant()))) continue;
            problems.Add(new(relativePath, auto.Line + lineOffset, $"el enlace «{auto.Url}» usa un esquema no permitido: use http, https o mailto"));
            auto.Url = "#";
        }
    }
}

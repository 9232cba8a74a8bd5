using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QRCoder;
using Scari.Web.Content;
using Scari.Web.Fonts;
using SkiaSharp;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// The one-page progress report (A4 portrait) like the official one: the entity's logo, indicator, target, count and
/// percent, the counting rule in one sentence, the monthly burn-up chart, the rows per course with their full names
/// (wrapped, never cut), the cut-off, when it was generated, the SHA-256 of the completions it was computed from and
/// the QR code of the public indicators page.
/// </summary>
public sealed class IndicatorReportPdf(IndicatorCounter counter, TimeProvider clock, CourseCatalog catalog, PublicLinks links)
{
    /// <summary>Who the report is from and where its public figures are: the entity's name and logo (scari.yaml) and the public page.</summary>
    public sealed record Branding(string EntityName, string? LogoFile, string PublicPageUrl);

    /// <summary>The counting rule, in the one sentence the report prints.</summary>
    public const string Rule = "Se cuenta cada persona distinta de la población del indicador con al menos una finalización, en línea o presencial y sin certificado revocado, dentro del periodo del indicador y hasta la fecha de corte.";

    /// <summary>
    /// SHA-256 (hex) over the qualifying completions, one line each in id order:
    /// <c>indicator;cut-off\n</c> then <c>completionId;personId;courseId;completedUtc(ISO 8601);source\n</c>.
    /// </summary>
    public async Task<string> HashAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{indicator.Id};{cutoff:yyyy-MM-dd}\n"));
        await foreach (var r in counter.RowsAsync(indicator, cutoff, scope, ct))
            sha.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{r.Id};{r.PersonId};{r.CourseId};{r.CompletedUtc:yyyy-MM-ddTHH:mm:ss.fffffffZ};{r.Source}\n")));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public async Task<byte[]> RenderAsync(IndicatorResult result, CancellationToken ct)
    {
        var hash = await HashAsync(result.Indicator, result.Cutoff, result.Scope, ct);
        var entity = catalog.Settings.Entity;
        var logo = entity.LogoPath is { Length: > 0 } path ? Path.Combine(catalog.ContentDirectory, path) : null;
        return Render(result, hash, clock.GetUtcNow().UtcDateTime, new Branding(entity.Name, logo, links.Absolute("/indicadores")));
    }

    private const float Width = 595, Height = 842, Margin = 42;
    private static readonly SKColor InkColor = new(0x1b, 0x24, 0x30), MutedColor = new(0x4a, 0x55, 0x63), BrandColor = new(0x0b, 0x5c, 0x8a),
        TargetColor = new(0xc2, 0x41, 0x0c), RuleColor = new(0xd5, 0xdd, 0xe5), SoftColor = new(0xf3, 0xf6, 0xf9);

    public static byte[] Render(IndicatorResult r, string hash, DateTime generatedUtc, Branding branding)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = $"Avance del indicador {r.Indicator.Name}",
            Author = branding.EntityName.Length > 0 ? branding.EntityName : "SCARI",
            Creator = "SCARI",
            Creation = generatedUtc,
        }))
        using (var logo = LoadLogo(branding.LogoFile))
        using (var k = new Kit())
        {
            var page = new Page(document);
            var canvas = page.Canvas;
            var content = Width - 2 * Margin;

            // Header: logo, entity, title.
            var y = Margin;
            var textLeft = Margin;
            if (logo is not null)
            {
                var scale = Math.Min(52f / logo.Width, 52f / logo.Height);
                canvas.DrawImage(logo, SKRect.Create(Margin, y, logo.Width * scale, logo.Height * scale), new SKSamplingOptions(SKFilterMode.Linear), null);
                textLeft = Margin + logo.Width * scale + 12;
            }
            if (branding.EntityName.Length > 0)
                canvas.DrawText(branding.EntityName, textLeft, y + 14, SKTextAlign.Left, k.Small, k.Muted);
            canvas.DrawText("Informe de avance del indicador", textLeft, y + 34, SKTextAlign.Left, k.Title, k.Ink);
            y += logo is null ? 44 : 62;
            foreach (var text in Wrap(r.Indicator.Name, k.Heading, content)) { canvas.DrawText(text, Margin, y + 12, SKTextAlign.Left, k.Heading, k.Brand); y += 16; }
            y += 4;
            canvas.DrawText($"Fecha de corte: {Bogota.FormatDate(r.Cutoff)}. Periodo del indicador: {Bogota.FormatDate(r.Indicator.PeriodStart)} a {Bogota.FormatDate(r.Indicator.PeriodEnd)}.",
                Margin, y + 9, SKTextAlign.Left, k.Small, k.Ink);
            y += 13;
            if (!r.Scope.Everyone)
            {
                canvas.DrawText("Alcance: solo las personas del colegio o la dependencia de quien generó el informe.", Margin, y + 9, SKTextAlign.Left, k.Small, k.Muted);
                y += 13;
            }
            y += 8;

            // Summary: indicator, target, count, percent; the rule in one sentence.
            float[] summary = [Margin, 350, 420, 485, Width - Margin];
            y = Row(canvas, k, y, summary, ["Indicador", "Meta", "Personas", "Avance"], k.Bold, header: true);
            y = Row(canvas, k, y, summary, [r.Indicator.Name, N(r.Indicator.Target), N(r.People), P(r.Percent)], k.Body, header: false);
            var yearly = r.Years.FirstOrDefault(x => x.Year == r.Cutoff.Year);
            if (yearly is not null && yearly.Target > 0)
                y = Row(canvas, k, y, summary, [$"Meta del año {yearly.Year} (personas nuevas en el año)", N(yearly.Target), N(yearly.New), P(100.0 * yearly.New / yearly.Target)], k.Body, header: false);
            y += 6;
            foreach (var text in Wrap("Regla de conteo: " + Rule, k.Small, content)) { canvas.DrawText(text, Margin, y + 9, SKTextAlign.Left, k.Small, k.Ink); y += 11; }
            y += 10;

            // The burn-up chart.
            y = Chart(canvas, k, r, Margin, y, content, 170) + 12;

            // Per-course rows, names wrapped.
            float[] courses = [Margin, 380, 460, Width - Margin];
            canvas.DrawText("Por curso o actividad", Margin, y + 10, SKTextAlign.Left, k.Bold, k.Ink);
            y += 16;
            y = Row(canvas, k, y, courses, ["Curso", "Finalizaciones", "Personas"], k.Bold, header: true);
            foreach (var c in r.Courses)
            {
                if (y + RowHeight(c.Title, k.Body, courses) > FooterTop)
                {
                    canvas = page.Next();
                    y = Margin;
                    y = Row(canvas, k, y, courses, ["Curso (continuación)", "Finalizaciones", "Personas"], k.Bold, header: true);
                }
                y = Row(canvas, k, y, courses, [c.Title, N(c.Completions), N(c.People)], k.Body, header: false);
            }
            y = Row(canvas, k, y, courses, ["Total de personas distintas", N(r.CompletionsTotal), N(r.People)], k.Bold, header: false);
            y += 4;
            foreach (var text in Wrap($"Una persona que terminó varios cursos aparece en la fila de cada uno: la suma de las filas ({N(r.CourseRowsSum)}) no es el total de personas formadas ({N(r.People)}).",
                k.Small, content))
            { canvas.DrawText(text, Margin, y + 9, SKTextAlign.Left, k.Small, k.Muted); y += 11; }

            // Footer: when and from what, and the QR code of the public page.
            const float qr = 74;
            var fy = Height - Margin - qr;
            canvas.DrawLine(Margin, fy - 8, Width - Margin, fy - 8, k.Line);
            var footerWidth = content - qr - 14;
            var ly = fy + 8;
            canvas.DrawText($"Generado por SCARI el {Bogota.Format(generatedUtc)} (hora de Bogotá).", Margin, ly, SKTextAlign.Left, k.Small, k.Muted);
            ly += 12;
            foreach (var text in Wrap("SHA-256 de las finalizaciones contadas (id;persona;curso;fecha UTC;fuente, en orden de id):", k.Small, footerWidth))
            { canvas.DrawText(text, Margin, ly, SKTextAlign.Left, k.Small, k.Muted); ly += 11; }
            canvas.DrawText(hash, Margin, ly, SKTextAlign.Left, k.Tiny, k.Ink);
            ly += 14;
            canvas.DrawText("Cifras públicas, sin nombres (código QR):", Margin, ly, SKTextAlign.Left, k.Small, k.Muted);
            ly += 11;
            canvas.DrawText(branding.PublicPageUrl, Margin, ly, SKTextAlign.Left, k.Small, k.Ink);
            DrawQr(canvas, branding.PublicPageUrl, Width - Margin - qr, fy, qr);
            page.Close();
        }
        return stream.ToArray();
    }

    private const float FooterTop = Height - Margin - 74 - 20;

    /// <summary>The document's pages: the report fits one; a catalogue with very many courses continues on the next.</summary>
    private sealed class Page(SKDocument document)
    {
        public SKCanvas Canvas { get; private set; } = document.BeginPage(Width, Height);
        public SKCanvas Next() { document.EndPage(); return Canvas = document.BeginPage(Width, Height); }
        public void Close() => document.EndPage();
    }

    private static SKImage? LoadLogo(string? file) =>
        file is not null && File.Exists(file) && Path.GetExtension(file).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg"
            ? SKImage.FromEncodedData(file) : null;

    /// <summary>Cumulative people per month against the cumulative target, with the same points and labels as the dashboard's SVG.</summary>
    private static float Chart(SKCanvas canvas, Kit k, IndicatorResult r, float x, float y, float width, float height)
    {
        canvas.DrawText($"Avance acumulado por mes", x, y + 10, SKTextAlign.Left, k.Bold, k.Ink);
        y += 16;
        const float left = 44, right = 8, top = 8, bottom = 36;
        var points = BurnUpChart.Points(r);
        var max = BurnUpChart.Scale(r);
        float plotW = width - left - right, plotH = height - top - bottom;
        float X(int i) => x + left + (points.Count > 1 ? i * plotW / (points.Count - 1) : 0);
        float Y(int v) => y + top + plotH - (float)v / max * plotH;
        var grid = k.Line;
        foreach (var v in new[] { 0, max / 2, max })
        {
            canvas.DrawLine(x + left, Y(v), x + width - right, Y(v), grid);
            canvas.DrawText(N(v), x + left - 5, Y(v) + 3, SKTextAlign.Right, k.Small, k.Muted);
        }
        if (points.Count == 0)
            canvas.DrawText("La fecha de corte es anterior al periodo del indicador: no hay meses que mostrar.", x + left + 6, y + top + plotH / 2, SKTextAlign.Left, k.Small, k.Muted);
        else
        {
            var step = points.Count > 1 ? plotW / (points.Count - 1) : 0;
            foreach (var (i, anchor) in BurnUpChart.LabelledMonths(points.Count, step, points.Max(p => k.Small.MeasureText(p.Label))))
                canvas.DrawText(points[i].Label, X(i), y + top + plotH + 13,
                    anchor == "end" ? SKTextAlign.Right : anchor == "start" ? SKTextAlign.Left : SKTextAlign.Center, k.Small, k.Muted);
            using var dash = SKPathEffect.CreateDash([6f, 4f], 0);
            using var targetPaint = new SKPaint { Color = TargetColor, StrokeWidth = 1.5f, IsStroke = true, IsAntialias = true, PathEffect = dash };
            using var peoplePaint = new SKPaint { Color = BrandColor, StrokeWidth = 2.2f, IsStroke = true, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
            canvas.DrawPoints(SKPointMode.Polygon, [.. points.Select((p, i) => new SKPoint(X(i), Y(p.Target)))], targetPaint);
            canvas.DrawPoints(SKPointMode.Polygon, [.. points.Select((p, i) => new SKPoint(X(i), Y(p.People)))], peoplePaint);
            canvas.DrawCircle(X(points.Count - 1), Y(points[^1].People), 3, k.Brand);
            // Legend.
            var ly = y + height - 8;
            canvas.DrawLine(x + left, ly - 3, x + left + 22, ly - 3, peoplePaint);
            canvas.DrawText("Personas formadas (acumulado)", x + left + 27, ly, SKTextAlign.Left, k.Small, k.Ink);
            canvas.DrawLine(x + left + 200, ly - 3, x + left + 222, ly - 3, targetPaint);
            canvas.DrawText("Meta acumulada prevista", x + left + 227, ly, SKTextAlign.Left, k.Small, k.Ink);
        }
        return y + height;
    }

    private const float Line = 12, Pad = 5;

    private static float RowHeight(string first, SKFont font, float[] cols) =>
        Math.Max(1, Wrap(first, font, cols[1] - cols[0] - 8).Count) * Line + 2 * Pad;

    /// <summary>A table row: the first cell wrapped over as many lines as it needs, the numbers right-aligned on its first line.</summary>
    private static float Row(SKCanvas canvas, Kit k, float y, float[] cols, string[] cells, SKFont font, bool header)
    {
        var lines = Wrap(cells[0], font, cols[1] - cols[0] - 8);
        var height = Math.Max(1, lines.Count) * Line + 2 * Pad;
        if (header) canvas.DrawRect(cols[0], y, cols[^1] - cols[0], height, k.Soft);
        var ink = k.Ink;
        for (var l = 0; l < lines.Count; l++)
            canvas.DrawText(lines[l], cols[0] + 4, y + Pad + 9 + l * Line, SKTextAlign.Left, font, ink);
        for (var i = 1; i < cells.Length && i < cols.Length - 1; i++)
            if (cells[i].Length > 0) canvas.DrawText(cells[i], cols[i + 1] - 4, y + Pad + 9, SKTextAlign.Right, font, ink);
        canvas.DrawLine(cols[0], y + height, cols[^1], y + height, k.Line);
        return y + height;
    }

    /// <summary>The QR code as one image (a module a few pixels wide, drawn without smoothing): sharp in print and readable by a phone.</summary>
    private static void DrawQr(SKCanvas canvas, string text, float left, float top, float size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone
        const int px = 6;
        var n = matrix.Count;
        using var bitmap = new SKBitmap(n * px, n * px, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var pixels = new SKCanvas(bitmap))
        using (var black = new SKPaint { Color = SKColors.Black, IsAntialias = false })
        {
            pixels.Clear(SKColors.White);
            for (var row = 0; row < n; row++)
                for (var col = 0; col < n; col++)
                    if (matrix[row][col]) pixels.DrawRect(col * px, row * px, px, px, black);
        }
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, SKRect.Create(left, top, size, size), new SKSamplingOptions(SKFilterMode.Nearest), null);
    }

    private static string N(int value) => value.ToString("N0", Bogota.Culture);
    private static string P(double value) => value.ToString("0.0", Bogota.Culture) + " %";

    private static List<string> Wrap(string text, SKFont font, float max) => PdfText.Wrap(text, font, max);

    /// <summary>The fonts and paints of one rendering, disposed with it.</summary>
    private sealed class Kit : IDisposable
    {
        public readonly SKFont Title = new(ScariFonts.SansBold, 16), Heading = new(ScariFonts.SansBold, 12), Bold = new(ScariFonts.SansBold, 9.5f),
            Body = new(ScariFonts.Sans, 9.5f), Small = new(ScariFonts.Sans, 7.5f), Tiny = new(ScariFonts.Sans, 6.8f);
        public readonly SKPaint Ink = Fill(InkColor), Muted = Fill(MutedColor), Brand = Fill(BrandColor), Soft = Fill(SoftColor),
            Line = new() { Color = RuleColor, StrokeWidth = 0.8f, IsStroke = true };

        private static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true };

        public void Dispose()
        {
            foreach (var font in new[] { Title, Heading, Bold, Body, Small, Tiny }) font.Dispose();
            foreach (var paint in new[] { Ink, Muted, Brand, Soft, Line }) paint.Dispose();
        }
    }
}

using System.Globalization;
using QRCoder;
using Scari.Web.Fonts;
using SkiaSharp;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Draws a certificate as a one-page A4 landscape PDF with SkiaSharp: the shipped DejaVu subsets, and the
/// verification QR code as vector squares from QRCoder's module matrix (sharp at any print size, a few hundred bytes).
/// </summary>
public sealed class CertificatePdf : IDisposable
{
    private const float Width = 842f, Height = 595f; // A4 landscape in points
    private static readonly SKColor Brand = new(0x0b, 0x5c, 0x8a);
    private static readonly SKColor Ink = new(0x1b, 0x24, 0x30);
    private static readonly SKColor Muted = new(0x4a, 0x55, 0x63);
    private static readonly SKColor Gold = new(0xa8, 0x82, 0x2e);

    private readonly SKImage? _logo;
    private readonly string _program;

    public CertificatePdf(string program, string? logoFile)
    {
        _program = program;
        if (logoFile is not null && File.Exists(logoFile)
            && Path.GetExtension(logoFile).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg")
            _logo = SKImage.FromEncodedData(logoFile);
    }

    public void Render(Certificate c, string verificationUrl, Stream output)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"Certificado {c.Code}",
            Author = c.EntityName,
            Subject = $"{c.CourseTitle}: {c.HolderName}",
            Creator = "SCARI",
            Producer = "SCARI",
            Creation = DateTime.SpecifyKind(c.IssuedUtc, DateTimeKind.Utc),
            Modified = DateTime.SpecifyKind(c.IssuedUtc, DateTimeKind.Utc),
            RasterDpi = 150,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        var canvas = document.BeginPage(Width, Height);
        Draw(canvas, c, verificationUrl);
        document.EndPage();
        document.Close();
    }

    private void Draw(SKCanvas canvas, Certificate c, string verificationUrl)
    {
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, IsAntialias = true };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };

        // Frame: a brand-coloured outer border and a thin gold inner rule.
        stroke.Color = Brand; stroke.StrokeWidth = 3f;
        canvas.DrawRect(SKRect.Create(20, 20, Width - 40, Height - 40), stroke);
        stroke.Color = Gold; stroke.StrokeWidth = 0.8f;
        canvas.DrawRect(SKRect.Create(28, 28, Width - 56, Height - 56), stroke);
        fill.Color = Brand;
        canvas.DrawRect(SKRect.Create(28, 28, Width - 56, 8), fill);

        if (_logo is not null)
        {
            var scale = Math.Min(64f / _logo.Width, 64f / _logo.Height);
            canvas.DrawImage(_logo, SKRect.Create(52, 48, _logo.Width * scale, _logo.Height * scale), new SKSamplingOptions(SKFilterMode.Linear), null);
        }

        const float center = Width / 2;
        using var sans = new SKFont(ScariFonts.Sans, 12.5f) { Subpixel = true };
        // Two typefaces only: each embedded font adds about 30 KB to every certificate.
        using var bold = new SKFont(ScariFonts.SerifBold, 13f) { Subpixel = true };
        using var serifBold = new SKFont(ScariFonts.SerifBold, 34f) { Subpixel = true };

        fill.Color = Brand;
        Centered(canvas, c.EntityName.ToUpper(CultureInfo.GetCultureInfo("es-CO")), 78, bold, fill, 640);
        fill.Color = Muted;
        sans.Size = 10.5f;
        Centered(canvas, _program, 96, sans, fill, 640);

        fill.Color = Ink;
        serifBold.Size = 34f;
        Centered(canvas, "Certificado de aprobación", 160, serifBold, fill, 700);
        stroke.Color = Gold; stroke.StrokeWidth = 1.2f;
        canvas.DrawLine(center - 70, 178, center + 70, 178, stroke);

        fill.Color = Muted;
        sans.Size = 13f;
        Centered(canvas, "Certifica que", 214, sans, fill, 700);

        fill.Color = Brand;
        serifBold.Size = 30f;
        Centered(canvas, c.HolderName, 256, serifBold, fill, 700);

        fill.Color = Muted;
        sans.Size = 12f;
        Centered(canvas, $"con documento {c.DocumentType} {c.DocumentNumber}", 282, sans, fill, 700);
        sans.Size = 13f;
        Centered(canvas, "aprobó el curso", 318, sans, fill, 700);

        fill.Color = Ink;
        serifBold.Size = 22f;
        var y = 352f;
        foreach (var line in Wrap(c.CourseTitle, serifBold, 680, 2))
        {
            Centered(canvas, line, y, serifBold, fill, 680);
            y += 27f;
        }

        fill.Color = Ink;
        sans.Size = 13f;
        var hours = c.Hours == 1 ? "1 hora" : $"{c.Hours} horas";
        Centered(canvas, $"con una intensidad de {hours}, finalizado el {Bogota.FormatDate(c.CompletedOn)}.", y + 10, sans, fill, 700);
        if (c.Provenance is { } provenance)
        {
            // Training given elsewhere or in person says so under the date (at most two lines, above the signature).
            fill.Color = Muted;
            sans.Size = 11f;
            var py = y + 30;
            foreach (var line in Wrap(provenance, sans, 540, 2)) // narrower than the page: the QR code starts below at the right
            {
                Centered(canvas, line, py, sans, fill, 540);
                py += 14f;
            }
        }

        // Signatory, bottom left.
        stroke.Color = Ink; stroke.StrokeWidth = 0.8f;
        canvas.DrawLine(90, 488, 360, 488, stroke);
        bold.Size = 11f;
        fill.Color = Ink;
        canvas.DrawText(Fit(c.SignatoryTitle, bold, 300), 225, 504, SKTextAlign.Center, bold, fill);
        sans.Size = 10f;
        fill.Color = Muted;
        canvas.DrawText(Fit(c.EntityName, sans, 300), 225, 519, SKTextAlign.Center, sans, fill);
        sans.Size = 8.5f;
        canvas.DrawText("Firmado electrónicamente; verificable con el código QR.", 225, 534, SKTextAlign.Center, sans, fill);

        // Verification, bottom right: the text and the QR code.
        const float qrSize = 96f, qrLeft = Width - 52 - qrSize, qrTop = Height - 52 - qrSize;
        PdfText.DrawQr(canvas, verificationUrl, qrLeft, qrTop, qrSize, fill);
        const float textRight = qrLeft - 10;
        fill.Color = Muted;
        sans.Size = 9f;
        canvas.DrawText("Verifique este certificado en", textRight, qrTop + 26, SKTextAlign.Right, sans, fill);
        canvas.DrawText(Fit(verificationUrl, sans, 300), textRight, qrTop + 40, SKTextAlign.Right, sans, fill);
        canvas.DrawText("Código de verificación", textRight, qrTop + 62, SKTextAlign.Right, sans, fill);
        fill.Color = Ink;
        bold.Size = 11.5f;
        canvas.DrawText(c.Code, textRight, qrTop + 78, SKTextAlign.Right, bold, fill);
    }


    private static void Centered(SKCanvas canvas, string text, float y, SKFont font, SKPaint paint, float maxWidth)
    {
        var size = font.Size;
        while (font.MeasureText(text) > maxWidth && font.Size > 8) font.Size -= 0.5f;
        canvas.DrawText(text, Width / 2, y, SKTextAlign.Center, font, paint);
        font.Size = size;
    }

    private static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > maxWidth) text = text[..^1];
        return text.TrimEnd() + "…";
    }

    /// <summary>Word-wraps into at most <paramref name="maxLines"/> lines, shrinking the font when even that does not fit.</summary>
    private static List<string> Wrap(string text, SKFont font, float maxWidth, int maxLines)
    {
        while (true)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (font.MeasureText(candidate) <= maxWidth || current.Length == 0) current = candidate;
                else { lines.Add(current); current = word; }
            }
            if (current.Length > 0) lines.Add(current);
            if (lines.Count <= maxLines || font.Size <= 12) return lines.Count <= maxLines ? lines : [.. lines.Take(maxLines)];
            font.Size -= 1;
        }
    }

    public void Dispose() => _logo?.Dispose();
}

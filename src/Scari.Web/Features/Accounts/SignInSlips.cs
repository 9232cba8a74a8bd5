using SkiaSharp;
using Scari.Web.Fonts;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// Printable sign-in slips: one A4 PDF, eight slips per page (two columns, four rows) with dashed cut lines.
/// Each slip has the student's name and document, where to sign in, the one-time code and its expiry (date and time in
/// Bogotá, as the audit log says it), and the user name for later sign-ins with a password.
/// </summary>
public sealed class SignInSlips(SignInCodes codes)
{
    public const string SignInPath = "/cuenta/ingresar-con-codigo";

    /// <summary>Issues codes for the students among <paramref name="personIds"/> in scope and renders their slips; null when none is in scope.</summary>
    public async Task<(byte[] Pdf, int Count)?> IssueAsync(PeopleScope scope, IReadOnlyCollection<int> personIds, string baseUrl, string? actorUserId, CancellationToken ct)
    {
        var issued = await codes.IssueAsync(scope, personIds, actorUserId, ct);
        if (issued.Count == 0) return null;
        return (Render(issued, baseUrl.TrimEnd('/') + SignInPath), issued.Count);
    }

    private const float PageWidth = 595.28f, PageHeight = 841.89f, Margin = 28f;
    private const int Columns = 2, Rows = 4;

    public static byte[] Render(IReadOnlyList<IssuedCode> slips, string signInUrl)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = "SCARI: códigos de ingreso",
            Creator = "SCARI",
            Producer = "SCARI",
        }))
        {
            var slipWidth = (PageWidth - 2 * Margin) / Columns;
            var slipHeight = (PageHeight - 2 * Margin) / Rows;
            for (var start = 0; start < slips.Count; start += Columns * Rows)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                var onPage = slips.Skip(start).Take(Columns * Rows).ToList();
                for (var i = 0; i < onPage.Count; i++)
                    DrawSlip(canvas, onPage[i], signInUrl, Margin + i % Columns * slipWidth, Margin + i / Columns * slipHeight, slipWidth, slipHeight);
                DrawCutLines(canvas, slipWidth, slipHeight, (onPage.Count + Columns - 1) / Columns);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    private static void DrawCutLines(SKCanvas canvas, float w, float h, int rows)
    {
        using var dash = SKPathEffect.CreateDash([5f, 4f], 0);
        using var paint = new SKPaint { Color = new SKColor(0x70, 0x70, 0x70), StrokeWidth = 0.7f, IsStroke = true, PathEffect = dash, IsAntialias = true };
        for (var r = 0; r <= rows; r++)
            canvas.DrawLine(Margin, Margin + r * h, PageWidth - Margin, Margin + r * h, paint);
        for (var c = 0; c <= Columns; c++)
            canvas.DrawLine(Margin + c * w, Margin, Margin + c * w, Margin + rows * h, paint);
    }

    private static void DrawSlip(SKCanvas canvas, IssuedCode slip, string url, float x, float y, float w, float h)
    {
        const float pad = 14f;
        var left = x + pad;
        var width = w - 2 * pad;
        using var ink = new SKPaint { Color = new SKColor(0x1b, 0x24, 0x30), IsAntialias = true };
        using var brand = new SKPaint { Color = new SKColor(0x0b, 0x5c, 0x8a), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x4a, 0x55, 0x63), IsAntialias = true };

        var line = y + pad + 10;
        Text(canvas, "SCARI · Ingreso a la plataforma", left, line, ScariFonts.SansBold, 9.5f, brand, width);
        line += 20;
        Text(canvas, slip.FullName, left, line, ScariFonts.SansBold, 13f, ink, width);
        line += 15;
        Text(canvas, $"Documento: {slip.DocumentType} {slip.DocumentNumber}", left, line, ScariFonts.Sans, 10f, ink, width);
        line += 19;
        Text(canvas, "1. Entre a esta dirección:", left, line, ScariFonts.Sans, 9f, muted, width);
        line += 13;
        Text(canvas, url, left, line, ScariFonts.SansBold, 9.5f, ink, width);
        line += 17;
        Text(canvas, "2. Escriba su número de documento y este código:", left, line, ScariFonts.Sans, 9f, muted, width);
        line += 27;
        Text(canvas, slip.Code, left, line, ScariFonts.SansBold, 24f, ink, width);
        line += 19;
        // The same instant, in the same words, as the audit entry of the issue (SignInCodes): Bogotá's date and time.
        Text(canvas, $"Sirve una sola vez. Vence el {Bogota.Format(slip.ExpiresUtc)}", left, line, ScariFonts.Sans, 9f, ink, width);
        line += 13;
        Text(canvas, "3. Luego cree su contraseña. Para volver a ingresar, escriba", left, line, ScariFonts.Sans, 9f, muted, width);
        line += 13;
        Text(canvas, $"el usuario {DocumentRules.UserName(slip.DocumentType, slip.DocumentNumber)} y su contraseña.", left, line, ScariFonts.Sans, 9f, ink, width);
    }

    /// <summary>Draws one line, shrinking the size (down to 60 %) so a long name or address fits the slip.</summary>
    private static void Text(SKCanvas canvas, string text, float x, float baseline, SKTypeface face, float size, SKPaint paint, float maxWidth)
    {
        using var font = new SKFont(face, size);
        var measured = font.MeasureText(text);
        if (measured > maxWidth) font.Size = Math.Max(size * 0.6f, size * maxWidth / measured);
        canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
    }
}

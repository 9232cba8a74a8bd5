using System.Diagnostics;
using Scari.Web.Features.Certificates;
using UglyToad.PdfPig;

namespace Scari.Tests.Certificates;

public sealed class CertificatePdfTests
{
    private static byte[] Render(Certificate certificate, string url)
    {
        // With the logo the catalogue ships, as in production: it counts toward the size budget.
        using var pdf = new CertificatePdf("Sistema de Capacitación de la 4ta Revolución Industrial",
            Path.Combine(Scari.Testing.RepoPaths.Content, "media", "logo.png"));
        using var buffer = new MemoryStream();
        pdf.Render(certificate, url, buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void The_pdf_is_one_A4_landscape_page_with_the_name_accents_course_hours_and_code()
    {
        var certificate = SampleCertificate.Create();
        var bytes = Render(certificate, $"https://scari.test/verificar/{certificate.Code}");

        Assert.True(bytes.Length < 80 * 1024, $"El PDF pesa {bytes.Length} bytes.");
        using var document = PdfDocument.Open(bytes);
        var page = Assert.Single(document.GetPages());
        Assert.Single(page.GetImages()); // the entity's logo
        Assert.Equal(842, page.Width, 0);
        Assert.Equal(595, page.Height, 0);
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        Assert.Contains("José Pérez Núñez", text);
        Assert.Contains("Certificado de aprobación", text);
        Assert.Contains("Seguridad digital para servidores públicos", text);
        Assert.Contains("40 horas", text);
        Assert.Contains("14 de marzo de 2026", text);
        Assert.Contains("CC 1047394521", text);
        Assert.Contains("Jefe de la Oficina Asesora de Informática", text);
        Assert.Contains(certificate.Code, text);
    }

    [Fact]
    public void A_long_course_title_wraps_and_stays_readable()
    {
        var certificate = SampleCertificate.Create();
        certificate.CourseTitle = "Inteligencia artificial y analítica de datos para la toma de decisiones en la administración pública distrital";
        using var document = PdfDocument.Open(Render(certificate, "https://scari.test/verificar/x"));
        var text = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("administración pública distrital", text);
    }

    [Fact]
    public void The_printed_QR_code_reads_back_as_the_verification_address()
    {
        var certificate = SampleCertificate.Create();
        var url = $"https://scari.test/verificar/{certificate.Code}";
        var folder = Directory.CreateTempSubdirectory("scari-qr-");
        try
        {
            var pdfPath = Path.Combine(folder.FullName, "certificado.pdf");
            File.WriteAllBytes(pdfPath, Render(certificate, url));
            var render = SampleCertificate.Run("pdftoppm", "-r", "150", "-png", "-singlefile", pdfPath, Path.Combine(folder.FullName, "pagina"));
            Assert.True(render.ExitCode == 0, render.Error);
            var scan = SampleCertificate.Run("zbarimg", "--raw", "-q", Path.Combine(folder.FullName, "pagina.png"));
            Assert.True(scan.ExitCode == 0, scan.Error);
            Assert.Equal(url, scan.Output.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

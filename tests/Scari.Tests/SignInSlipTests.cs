using Scari.Web.Features.People;
using UglyToad.PdfPig;
using Scari.Web.Features.Accounts;

namespace Scari.Tests;

public sealed class SignInSlipTests
{
    private static IssuedCode Slip(int i, string name = "Estudiante") =>
        new(i, $"{name} {i}", DocumentType.TI, $"10431{i:00000}", SignInCodes.Format(SignInCodes.NewCode()), new DateTime(2026, 12, 25, 15, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void A_slip_carries_the_name_with_accents_the_document_the_address_the_code_and_the_expiry()
    {
        var slip = Slip(1) with { FullName = "José Ñáñez Güiza", Code = "ABCD-EFGH" };
        var pdf = SignInSlips.Render([slip], "https://scari.test/cuenta/ingresar-con-codigo");

        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("José Ñáñez Güiza", text);
        Assert.Contains("TI 1043100001", text);
        Assert.Contains("ABCD-EFGH", text);
        Assert.Contains("https://scari.test/cuenta/ingresar-con-codigo", text);
        Assert.Contains("25 de diciembre de 2026", text);
    }

    [Fact]
    public void Eight_slips_fit_on_an_A4_page_and_the_ninth_starts_another()
    {
        var slips = Enumerable.Range(1, 9).Select(i => Slip(i)).ToList();
        using var document = PdfDocument.Open(SignInSlips.Render(slips, "https://scari.test/cuenta/ingresar-con-codigo"));
        Assert.Equal(2, document.NumberOfPages);
        Assert.Equal(595, document.GetPage(1).Width, 0);
        Assert.Equal(842, document.GetPage(1).Height, 0);
        Assert.Contains(slips[8].Code, document.GetPage(2).Text);
        Assert.DoesNotContain(slips[8].Code, document.GetPage(1).Text);
    }

    [Fact]
    public void Codes_use_only_characters_that_cannot_be_mistaken_for_others()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = SignInCodes.NewCode();
            Assert.Equal(SignInCodes.Length, code.Length);
            Assert.DoesNotContain(code, c => "01OIL".Contains(c));
        }
        Assert.Equal("ABCDEFGH", SignInCodes.Normalize(" abcd-efgh "));
    }
}

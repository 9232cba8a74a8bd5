using Scari.Web;
using Scari.Web.Features.Accounts;

namespace Scari.Tests.Security;

public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("password12")]              // the review's examples: also under 12 characters now
    [InlineData("abcabcabc1")]
    [InlineData("password1234")]            // English dictionary word and a sequence
    [InlineData("contraseña2026")]          // Spanish word list
    [InlineData("mariposa12345")]
    [InlineData("bienvenidos2026")]
    [InlineData("gonzalezrodriguez")]       // Spanish surnames
    public void Common_passwords_are_refused_with_a_Spanish_reason(string password)
    {
        var problems = PasswordRules.Problems(password, []);
        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.StartsWith("La contraseña", StringComparison.Ordinal));
    }

    [Fact]
    public void The_minimum_is_twelve_characters()
    {
        Assert.Equal("La contraseña debe tener al menos 12 caracteres (tiene 11).", Assert.Single(PasswordRules.Problems("Kq8#vT2!mZp", [])));
    }

    [Fact]
    public void The_persons_own_names_document_and_e_mail_count_as_guessable()
    {
        var own = new[] { "Yuliana Patricia", "Zambrano Ochoa", "1047391234", "yuli.zambrano@correo.test" };
        var problems = PasswordRules.Problems("yulianazambrano1047391234", own);
        Assert.Contains("Contiene su nombre, su número de documento o su correo: quítelos.", problems);
    }

    [Theory]
    [InlineData("río cuaderno lámpara veloz")]
    [InlineData("Tortuga-Azul-Viaja-Despacio")]
    [InlineData("k7#Qm2!vX9pL")]
    public void Passphrases_and_random_strings_of_twelve_or_more_pass(string password) =>
        Assert.Empty(PasswordRules.Problems(password, []));
}

public sealed class TextHygieneTests
{
    [Theory]
    [InlineData("Coordinador\u202Eacademico", "Coordinadoracademico")]   // right-to-left override
    [InlineData("Cohorte\u200B10A", "Cohorte10A")]                        // zero-width space
    [InlineData("\uFEFFSesión\u2066 SIGOB\u2069", "Sesión SIGOB")]        // BOM and isolates
    [InlineData("Jose\u0301", "José")]                                    // NFD → NFC
    [InlineData("Línea 1\nLínea 2\tfin", "Línea 1\nLínea 2\tfin")]        // line breaks and tabs stay
    public void Invisible_characters_go_and_text_is_NFC(string input, string expected)
    {
        var clean = TextHygiene.Clean(input);
        Assert.Equal(expected, clean);
        Assert.True(clean.IsNormalized(System.Text.NormalizationForm.FormC));
    }
}

public sealed class PasswordLengthTests
{
    [Fact]
    public void Sixty_four_characters_pass_and_more_than_128_are_refused()
    {
        var sixtyFour = string.Concat(Enumerable.Repeat("tZ8#qLm2", 8));
        Assert.Empty(Scari.Web.Features.Accounts.PasswordRules.Problems(sixtyFour, []));
        Assert.Equal("La contraseña admite hasta 128 caracteres (tiene 129).",
            Assert.Single(Scari.Web.Features.Accounts.PasswordRules.Problems(new string('x', 129), [])));
    }
}

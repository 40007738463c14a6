/**
 * The declaration's own words, per language (the category labels and descriptions come from the banner).
 * Small enough to bundle: the declaration is loaded only on the policy page.
 */
export interface DeclarationTexts {
  name: string;
  provider: string;
  purpose: string;
  lifetime: string;
  /** The visitor's current choice for a category. */
  allowed: string;
  refused: string;
  /** No choice yet: not allowed (`opt-in`), or allowed as the site's default (`opt-out`). */
  undecided: string;
  allowedUntil: string;
  /** The button that opens the banner's preferences dialog. */
  change: string;
  session: string;
  /** The consent cookie's purpose. */
  consentCookie: string;
  none: string;
}

/** The declaration's own words per language. @internal */
export const DECLARATION_TEXTS: Record<string, DeclarationTexts> = {
  en: { name: 'Name', provider: 'Provider', purpose: 'Purpose', lifetime: 'Lifetime', allowed: 'Allowed by you', refused: 'Not allowed by you', undecided: 'Not allowed until you choose', allowedUntil: 'Allowed until you refuse', change: 'Change your cookie settings', session: 'Until you close the browser', consentCookie: 'Stores your cookie choice.', none: 'No cookies listed.' },
  de: { name: 'Name', provider: 'Anbieter', purpose: 'Zweck', lifetime: 'Speicherdauer', allowed: 'Von Ihnen erlaubt', refused: 'Von Ihnen nicht erlaubt', undecided: 'Nicht erlaubt, bis Sie wählen', allowedUntil: 'Erlaubt, bis Sie ablehnen', change: 'Cookie-Einstellungen ändern', session: 'Bis Sie den Browser schließen', consentCookie: 'Speichert Ihre Cookie-Auswahl.', none: 'Keine Cookies aufgeführt.' },
  fr: { name: 'Nom', provider: 'Fournisseur', purpose: 'Finalité', lifetime: 'Durée', allowed: 'Autorisé par vous', refused: 'Non autorisé par vous', undecided: 'Non autorisé tant que vous n’avez pas choisi', allowedUntil: 'Autorisé tant que vous ne refusez pas', change: 'Modifier vos paramètres de cookies', session: 'Jusqu’à la fermeture du navigateur', consentCookie: 'Enregistre votre choix concernant les cookies.', none: 'Aucun cookie indiqué.' },
  es: { name: 'Nombre', provider: 'Proveedor', purpose: 'Finalidad', lifetime: 'Duración', allowed: 'Permitido por usted', refused: 'No permitido por usted', undecided: 'No permitido hasta que elija', allowedUntil: 'Permitido hasta que lo rechace', change: 'Cambiar la configuración de cookies', session: 'Hasta que cierre el navegador', consentCookie: 'Guarda su elección sobre las cookies.', none: 'No hay cookies indicadas.' },
  it: { name: 'Nome', provider: 'Fornitore', purpose: 'Finalità', lifetime: 'Durata', allowed: 'Consentito da te', refused: 'Non consentito da te', undecided: 'Non consentito finché non scegli', allowedUntil: 'Consentito finché non rifiuti', change: 'Modifica le impostazioni dei cookie', session: 'Fino alla chiusura del browser', consentCookie: 'Memorizza la tua scelta sui cookie.', none: 'Nessun cookie indicato.' },
  nl: { name: 'Naam', provider: 'Aanbieder', purpose: 'Doel', lifetime: 'Bewaartermijn', allowed: 'Door u toegestaan', refused: 'Door u niet toegestaan', undecided: 'Niet toegestaan tot u kiest', allowedUntil: 'Toegestaan tot u weigert', change: 'Cookie-instellingen wijzigen', session: 'Tot u de browser sluit', consentCookie: 'Bewaart uw cookiekeuze.', none: 'Geen cookies vermeld.' },
  pt: { name: 'Nome', provider: 'Fornecedor', purpose: 'Finalidade', lifetime: 'Duração', allowed: 'Permitido por si', refused: 'Não permitido por si', undecided: 'Não permitido até escolher', allowedUntil: 'Permitido até recusar', change: 'Alterar as definições de cookies', session: 'Até fechar o navegador', consentCookie: 'Guarda a sua escolha de cookies.', none: 'Nenhum cookie indicado.' },
  pl: { name: 'Nazwa', provider: 'Dostawca', purpose: 'Cel', lifetime: 'Okres przechowywania', allowed: 'Zezwolono przez Ciebie', refused: 'Nie zezwolono przez Ciebie', undecided: 'Niedozwolone, dopóki nie wybierzesz', allowedUntil: 'Dozwolone, dopóki nie odmówisz', change: 'Zmień ustawienia plików cookie', session: 'Do zamknięcia przeglądarki', consentCookie: 'Zapisuje Twój wybór dotyczący plików cookie.', none: 'Brak wymienionych plików cookie.' },
  cs: { name: 'Název', provider: 'Poskytovatel', purpose: 'Účel', lifetime: 'Doba uložení', allowed: 'Povoleno vámi', refused: 'Nepovoleno vámi', undecided: 'Nepovoleno, dokud nezvolíte', allowedUntil: 'Povoleno, dokud neodmítnete', change: 'Změnit nastavení cookies', session: 'Do zavření prohlížeče', consentCookie: 'Ukládá vaši volbu cookies.', none: 'Nejsou uvedeny žádné cookies.' },
  da: { name: 'Navn', provider: 'Udbyder', purpose: 'Formål', lifetime: 'Levetid', allowed: 'Tilladt af dig', refused: 'Ikke tilladt af dig', undecided: 'Ikke tilladt, før du vælger', allowedUntil: 'Tilladt, indtil du afviser', change: 'Skift dine cookieindstillinger', session: 'Indtil du lukker browseren', consentCookie: 'Gemmer dit cookievalg.', none: 'Ingen cookies angivet.' },
  fi: { name: 'Nimi', provider: 'Tarjoaja', purpose: 'Tarkoitus', lifetime: 'Voimassaolo', allowed: 'Sallittu', refused: 'Ei sallittu', undecided: 'Ei sallittu ennen valintaasi', allowedUntil: 'Sallittu, kunnes kiellät', change: 'Muuta evästeasetuksia', session: 'Kunnes suljet selaimen', consentCookie: 'Tallentaa evästevalintasi.', none: 'Ei lueteltuja evästeitä.' },
  sv: { name: 'Namn', provider: 'Leverantör', purpose: 'Syfte', lifetime: 'Lagringstid', allowed: 'Tillåtet av dig', refused: 'Inte tillåtet av dig', undecided: 'Inte tillåtet förrän du väljer', allowedUntil: 'Tillåtet tills du avböjer', change: 'Ändra dina cookieinställningar', session: 'Tills du stänger webbläsaren', consentCookie: 'Sparar ditt cookieval.', none: 'Inga cookies angivna.' },
};

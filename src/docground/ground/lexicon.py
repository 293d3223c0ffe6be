"""The words documents print for common field concepts, in French, German, Spanish, Italian,
Portuguese and Dutch, keyed by the English word a field name uses.

`field_words("date_of_birth")` takes `birth` -> `naissance`, `geboren`, `nacimiento`, ... from here,
so a label printed in any of these languages reads as the field's own. Words are compact
(casefolded, accents stripped: `né` -> `ne`), as labels are compared. German and Dutch join words
(`Geburtsdatum`, `factuurnummer`); `split_compound` cuts such a word into words of this lexicon.
Written by hand from the labels of real forms, invoices and identity documents of those countries
(no library we found maps field concepts to printed labels across languages).
"""

from __future__ import annotations

from functools import lru_cache

from .normalize import compact

_RAW: dict[str, str] = {
    # people
    "name": "nom nombre nome naam name",
    "surname": "nom nachname familienname apellido apellidos cognome apelido apelidos sobrenome achternaam geslachtsnaam",
    "given": "prenom prenoms vorname vornamen nombre nombres nome nomi prenome voornaam voornamen",
    "birth": "naissance ne nee geboren geburt geburtsdatum nacimiento nacido nascita nato nata nascimento geboorte geboortedatum",
    "place": "lieu ort lugar luogo local plaats",
    "sex": "sexe geschlecht sexo sesso geslacht",
    "nationality": "nationalite staatsangehorigkeit nationalitat nacionalidad nazionalita cittadinanza nacionalidade nationaliteit",
    "height": "taille grosse estatura statura altura lengte",
    "signature": "signature unterschrift firma assinatura handtekening",
    "holder": "titulaire inhaber titular titolare houder",
    "identity": "identite identitat identidad identita identidade identiteit ausweis",
    # documents
    "document": "document dokument documento piece",
    "card": "carte karte tarjeta carta cartao kaart",
    "license": "permis fuhrerschein licencia permiso patente carta rijbewijs",
    "passport": "passeport reisepass pasaporte passaporto passaporte paspoort",
    "category": "categorie categories klasse klassen categoria categorias",
    "authority": "autorite behorde autoridad autorita autoridade autoriteit instantie",
    "issue": "delivrance delivre emission ausgestellt ausstellung ausstellungsdatum expedicion emision emissione rilascio rilasciato emissao afgifte uitgifte",
    "expiration": "expiration validite valable gultig gueltig ablauf ablaufdatum caducidad vencimiento validez scadenza validita validade vencimento geldig vervaldatum",
    "number": "numero nummer nr nro num no",
    "date": "date datum fecha data",
    "time": "heure uhrzeit zeit hora ora tijd",
    "reference": "reference referenz referencia riferimento referencia referentie kenmerk",
    "period": "periode zeitraum periodo",
    # places
    "address": "adresse anschrift direccion domicilio indirizzo residenza morada endereco adres",
    "street": "rue strasse calle via rua straat",
    "city": "ville stadt ort ciudad citta cidade stad plaats localidad localita",
    "postal": "postal postleitzahl plz cp cap postcode codigo",
    "country": "pays land pais paese",
    # business
    "invoice": "facture rechnung factura fattura fatura factuur",
    "order": "commande bestellung auftrag pedido ordine encomenda bestelling",
    "customer": "client kunde cliente klant",
    "company": "societe entreprise firma unternehmen empresa societa azienda bedrijf",
    "seller": "vendeur verkaufer vendedor venditore verkoper fournisseur lieferant proveedor fornitore fornecedor leverancier",
    "account": "compte konto cuenta conto conta rekening",
    "balance": "solde saldo",
    "total": "total montant gesamt gesamtbetrag summe endbetrag totale importe totaal",
    "amount": "montant betrag importe importo valor montante bedrag",
    "subtotal": "soustotal zwischensumme nettobetrag netto subtotale imponibile",
    "tax": "tva taxe mwst ust steuer iva impuesto imposta imposto btw",
    "due": "echeance fallig falligkeit vencimiento scadenza vencimento verval",
    "payment": "paiement zahlung pago pagamento betaling",
    "paid": "paye bezahlt pagado pagato pago betaald",
    "terms": "conditions bedingungen condiciones condizioni condicoes voorwaarden",
    "discount": "remise rabatt descuento sconto desconto korting",
    "shipping": "livraison livre expedition lieferung liefer versand envio enviar spedizione consegna destinazione"
                " entrega verzending levering lever aflever",
    "billing": "facturation facture facturacion facturar fatturazione intestatario faturacao faturar facturatie"
               " gefactureerd factuur rechnung rechnungsempfanger",
    "description": "designation libelle beschreibung bezeichnung artikel descripcion concepto descrizione articolo descricao omschrijving",
    "quantity": "quantite qte menge anzahl cantidad cant quantita qta quantidade qtd aantal",
    "price": "prix preis precio prezzo preco prijs",
    "unit": "unitaire einzelpreis unitario eenheid stuk",
    "phone": "telephone tel telefon telefono telefone telefoon movil cellulare telemovel mobiel portable handy",
    "email": "courriel mel correo posta correio",
}
# field-name words that mean the same concept
_SAME = {"last": "surname", "family": "surname", "first": "given", "forename": "given", "gender": "sex",
         "expiry": "expiration", "expires": "expiration", "valid": "expiration", "issued": "issue",
         "licence": "license", "dob": "birth", "born": "birth", "zip": "postal", "postcode": "postal",
         "client": "customer", "buyer": "customer", "vendor": "seller", "supplier": "seller", "merchant": "company",
         "issuer": "company", "qty": "quantity", "telephone": "phone", "mobile": "phone", "tel": "phone",
         "vat": "tax", "id": "number", "no": "number", "ref": "reference", "class": "category", "categories": "category",
         "sum": "total", "grand": "total", "net": "subtotal", "purchase": "order", "bill": "invoice", "residence": "address",
         "item": "description", "product": "description", "nation": "nationality", "citizenship": "nationality",
         "emission": "issue", "issuing": "issue", "mail": "email"}

LEXICON: dict[str, tuple[str, ...]] = {k: tuple(compact(w) for w in v.split()) for k, v in _RAW.items()}
KNOWN: frozenset[str] = frozenset(w for ws in LEXICON.values() for w in ws if len(w) >= 3)
# function words of labels in these languages: `Date de naissance`, `Datum der Ausstellung`
STOP = {"de", "du", "des", "la", "le", "les", "d", "l", "der", "die", "das", "dem", "den", "von", "vom", "zum", "zur",
        "und", "el", "los", "las", "del", "y", "di", "da", "dei", "della", "delle", "do", "dos", "e", "van", "het", "een",
        "en", "et", "au", "aux", "al", "ou", "o", "oder", "ed"}


def translations(word: str) -> tuple[str, ...]:
    """Printed words in other languages for a field-name word (`birth` -> `naissance`, ...)."""
    return LEXICON.get(_SAME.get(word, word), ())


@lru_cache(maxsize=8192)
def split_compound(word: str) -> tuple[str, ...]:
    """A joined word cut into lexicon words (`geburtsdatum` -> geburt, datum; `factuurnummer`);
    the word itself when it is no such compound."""
    if len(word) < 7 or word in KNOWN:
        return (word,)
    for i in range(len(word) - 3, 2, -1):
        head, tail = word[:i], word[i:]
        if tail not in KNOWN:
            continue
        for h in (head, head[:-1] if head.endswith("s") else None, head[:-1] if head.endswith("e") else None):
            known = h if h and h in KNOWN else _known_prefix(h) if h and len(h) >= 4 else None
            if known:
                return (known, tail)
            if h and len(h) >= 7:
                inner = split_compound(h)
                if len(inner) > 1:
                    return inner + (tail,)
    return (word,)


def _known_prefix(head: str) -> str | None:
    """`kunden` -> `kunde`: the lexicon word that `head` bends with a joining ending."""
    return next((w for w in KNOWN if len(w) >= 4 and head.startswith(w) and len(head) - len(w) <= 2), None)

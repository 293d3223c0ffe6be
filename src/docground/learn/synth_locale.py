"""Printed labels, dates, amounts and realistic values in seven languages, for the synthetic pages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")


def _l(**by_lang: str) -> dict[str, list[str]]:
    return {lang: text.split("|") for lang, text in by_lang.items()}


# concept -> language -> labels it is printed under (the first is the most usual)
LABELS: dict[str, dict[str, list[str]]] = {
    "invoice_number": _l(
        en="Invoice No|Invoice #|Invoice Number|Inv. No.",
        fr="N° de facture|Facture n°|Numéro de facture",
        de="Rechnungsnummer|Rechnungs-Nr.|Rechnung Nr.",
        es="Número de factura|Factura n.º|Nº Factura",
        it="Numero fattura|Fattura n.|N. fattura",
        pt="Número da fatura|Fatura n.º|N.º Fatura",
        nl="Factuurnummer|Factuur nr.|Factuurnr.",
    ),
    "order_number": _l(
        en="Order No|PO Number|Order #|Purchase Order",
        fr="N° de commande|Bon de commande",
        de="Bestellnummer|Auftragsnummer|Bestell-Nr.",
        es="Número de pedido|Pedido n.º",
        it="Numero ordine|Ordine n.",
        pt="Número da encomenda|N.º Pedido",
        nl="Ordernummer|Bestelnummer",
    ),
    "customer_number": _l(
        en="Customer ID|Customer No|Client ID|Customer #",
        fr="N° client|Code client|Référence client",
        de="Kundennummer|Kunden-Nr.",
        es="Número de cliente|Cliente n.º",
        it="Codice cliente|Cliente n.",
        pt="Número de cliente|N.º Cliente",
        nl="Klantnummer|Klantnr.",
    ),
    "account_number": _l(
        en="Account Number|Account No|Acct #",
        fr="Numéro de compte|N° de compte",
        de="Kontonummer|Konto-Nr.",
        es="Número de cuenta|Cuenta n.º",
        it="Numero conto|Conto n.",
        pt="Número de conta|N.º Conta",
        nl="Rekeningnummer|Rekeningnr.",
    ),
    "reference_number": _l(
        en="Reference|Ref. No|Our Ref",
        fr="Référence|Réf.",
        de="Referenz|Unser Zeichen|Vorgang",
        es="Referencia|Ref.",
        it="Riferimento|Rif.",
        pt="Referência|Ref.",
        nl="Referentie|Kenmerk",
    ),
    "policy_number": _l(
        en="Policy Number|Policy No",
        fr="N° de police|Numéro de contrat",
        de="Policennummer|Versicherungsschein-Nr.",
        es="Número de póliza|Póliza n.º",
        it="Numero polizza|Polizza n.",
        pt="Número da apólice|Apólice n.º",
        nl="Polisnummer|Polisnr.",
    ),
    "member_id": _l(
        en="Member ID|Membership No",
        fr="N° d'adhérent|N° de membre",
        de="Mitgliedsnummer|Versichertennummer",
        es="Número de socio|N.º Afiliado",
        it="Numero socio|Tessera n.",
        pt="Número de sócio|N.º Beneficiário",
        nl="Lidnummer|Lidmaatschapsnummer",
    ),
    "receipt_number": _l(
        en="Receipt #|Receipt No|Trans #",
        fr="Ticket n°|N° de reçu",
        de="Bon-Nr.|Belegnummer|Beleg-Nr.",
        es="Ticket n.º|N.º Recibo",
        it="Scontrino n.|N. documento",
        pt="Talão n.º|N.º Recibo",
        nl="Bonnummer|Bon nr.",
    ),
    "invoice_date": _l(
        en="Invoice Date|Date of Issue|Date",
        fr="Date de facture|Date d'émission|Date",
        de="Rechnungsdatum|Datum",
        es="Fecha de factura|Fecha de emisión|Fecha",
        it="Data fattura|Data emissione|Data",
        pt="Data da fatura|Data de emissão|Data",
        nl="Factuurdatum|Datum",
    ),
    "due_date": _l(
        en="Due Date|Payment Due",
        fr="Date d'échéance|Échéance",
        de="Fälligkeitsdatum|Fällig am|Zahlbar bis",
        es="Fecha de vencimiento|Vencimiento",
        it="Data di scadenza|Scadenza",
        pt="Data de vencimento|Vencimento",
        nl="Vervaldatum|Te betalen voor",
    ),
    "order_date": _l(
        en="Order Date",
        fr="Date de commande",
        de="Bestelldatum",
        es="Fecha de pedido",
        it="Data ordine",
        pt="Data da encomenda",
        nl="Besteldatum",
    ),
    "delivery_date": _l(
        en="Delivery Date|Ship Date",
        fr="Date de livraison",
        de="Lieferdatum|Leistungsdatum",
        es="Fecha de entrega",
        it="Data di consegna",
        pt="Data de entrega",
        nl="Leverdatum",
    ),
    "issue_date": _l(
        en="Issue Date|Date of Issue|Issued",
        fr="Date de délivrance|Délivré le",
        de="Ausstellungsdatum|Ausgestellt am",
        es="Fecha de expedición|Expedido",
        it="Data di rilascio|Rilasciato il",
        pt="Data de emissão|Emitido em",
        nl="Datum van afgifte|Afgiftedatum",
    ),
    "expiry_date": _l(
        en="Expiry Date|Expiration Date|Valid Until|Expires",
        fr="Date d'expiration|Valable jusqu'au",
        de="Ablaufdatum|Gültig bis",
        es="Fecha de caducidad|Válido hasta",
        it="Data di scadenza|Valido fino al",
        pt="Data de validade|Válido até",
        nl="Vervaldatum|Geldig tot",
    ),
    "date_of_birth": _l(
        en="Date of Birth|DOB|Birth Date",
        fr="Date de naissance|Né(e) le",
        de="Geburtsdatum|Geb.-Datum",
        es="Fecha de nacimiento",
        it="Data di nascita",
        pt="Data de nascimento",
        nl="Geboortedatum",
    ),
    "statement_date": _l(
        en="Statement Date",
        fr="Date du relevé",
        de="Auszugsdatum",
        es="Fecha del extracto",
        it="Data estratto",
        pt="Data do extrato",
        nl="Datum afschrift",
    ),
    "payment_date": _l(
        en="Payment Date|Paid On",
        fr="Date de paiement",
        de="Zahlungsdatum",
        es="Fecha de pago",
        it="Data pagamento",
        pt="Data de pagamento",
        nl="Betaaldatum",
    ),
    "subtotal": _l(
        en="Subtotal|Sub Total|Net Amount",
        fr="Sous-total|Total HT|Montant HT",
        de="Zwischensumme|Nettobetrag|Summe netto",
        es="Subtotal|Base imponible",
        it="Subtotale|Imponibile|Totale imponibile",
        pt="Subtotal|Valor líquido",
        nl="Subtotaal|Totaal excl. btw",
    ),
    "tax_amount": _l(
        en="Tax|VAT|Sales Tax|Tax Amount",
        fr="TVA|Montant TVA",
        de="MwSt.|USt.|Umsatzsteuer|MwSt-Betrag",
        es="IVA|Cuota IVA|Importe IVA",
        it="IVA|Importo IVA",
        pt="IVA|Valor IVA",
        nl="BTW|Btw-bedrag",
    ),
    "total": _l(
        en="Total|Grand Total|Total Amount|Invoice Total",
        fr="Total TTC|Montant total|Montant TTC|Total",
        de="Gesamtbetrag|Summe|Rechnungsbetrag|Gesamt",
        es="Importe total|Total|Total factura",
        it="Totale|Totale documento|Importo totale",
        pt="Total|Valor total|Total da fatura",
        nl="Totaal|Totaalbedrag|Totaal incl. btw",
    ),
    "amount_paid": _l(
        en="Amount Paid|Paid|Payments",
        fr="Montant payé|Déjà réglé|Acompte",
        de="Bezahlt|Anzahlung|Gezahlter Betrag",
        es="Importe pagado|Pagado|Anticipo",
        it="Importo pagato|Pagato|Acconto",
        pt="Valor pago|Pago",
        nl="Betaald|Reeds betaald",
    ),
    "balance_due": _l(
        en="Balance Due|Balance|Amount Outstanding",
        fr="Reste à payer|Solde dû",
        de="Restbetrag|Offener Betrag",
        es="Saldo pendiente|Pendiente",
        it="Saldo dovuto|Residuo",
        pt="Saldo em dívida|Em dívida",
        nl="Openstaand bedrag|Resterend",
    ),
    "shipping_cost": _l(
        en="Shipping|Shipping & Handling|Freight",
        fr="Frais de port|Livraison",
        de="Versandkosten|Versand",
        es="Gastos de envío|Envío",
        it="Spese di spedizione|Spedizione",
        pt="Portes|Envio",
        nl="Verzendkosten|Verzending",
    ),
    "discount": _l(
        en="Discount", fr="Remise", de="Rabatt|Nachlass", es="Descuento", it="Sconto", pt="Desconto", nl="Korting"
    ),
    "tax_rate": _l(
        en="Tax Rate|VAT %",
        fr="Taux TVA",
        de="MwSt.-Satz|Steuersatz",
        es="Tipo IVA|% IVA",
        it="Aliquota IVA|% IVA",
        pt="Taxa IVA",
        nl="Btw-tarief",
    ),
    "name": _l(
        en="Name|Full Name",
        fr="Nom|Nom complet",
        de="Name|Vor- und Nachname",
        es="Nombre|Nombre completo",
        it="Nome e cognome|Nominativo",
        pt="Nome|Nome completo",
        nl="Naam|Volledige naam",
    ),
    "first_name": _l(
        en="First Name|Given Name",
        fr="Prénom",
        de="Vorname",
        es="Nombre",
        it="Nome",
        pt="Nome próprio|Nome",
        nl="Voornaam",
    ),
    "last_name": _l(
        en="Last Name|Surname|Family Name",
        fr="Nom de famille|Nom",
        de="Nachname|Familienname",
        es="Apellidos|Apellido",
        it="Cognome",
        pt="Apelido|Sobrenome",
        nl="Achternaam",
    ),
    "company": _l(
        en="Company|Company Name|Employer",
        fr="Société|Raison sociale|Entreprise",
        de="Firma|Unternehmen",
        es="Empresa|Razón social",
        it="Azienda|Ragione sociale|Ditta",
        pt="Empresa|Firma",
        nl="Bedrijf|Bedrijfsnaam",
    ),
    "customer_name": _l(
        en="Customer|Client|Customer Name",
        fr="Client|Nom du client",
        de="Kunde|Kundenname",
        es="Cliente",
        it="Cliente",
        pt="Cliente",
        nl="Klant|Klantnaam",
    ),
    "phone": _l(
        en="Phone|Tel|Telephone",
        fr="Tél.|Téléphone",
        de="Tel.|Telefon",
        es="Tel.|Teléfono",
        it="Tel.|Telefono",
        pt="Tel.|Telefone",
        nl="Tel.|Telefoon",
    ),
    "fax": _l(en="Fax", fr="Fax|Télécopie", de="Fax|Telefax", es="Fax", it="Fax", pt="Fax", nl="Fax"),
    "mobile": _l(
        en="Mobile|Cell",
        fr="Portable|Mobile",
        de="Mobil|Handy",
        es="Móvil",
        it="Cellulare|Cell.",
        pt="Telemóvel|Celular",
        nl="Mobiel|GSM",
    ),
    "email": _l(
        en="Email|E-mail",
        fr="E-mail|Courriel",
        de="E-Mail",
        es="Correo electrónico|E-mail",
        it="E-mail|Email",
        pt="E-mail|Email",
        nl="E-mail",
    ),
    "website": _l(
        en="Web|Website",
        fr="Site web|Web",
        de="Web|Internet",
        es="Web|Sitio web",
        it="Sito web|Web",
        pt="Site|Web",
        nl="Website|Web",
    ),
    "vat_id": _l(
        en="VAT No|VAT Reg. No.|Tax ID|TIN|EIN|GSTIN",
        fr="N° TVA intracom.|TVA Intracommunautaire|N° TVA",
        de="USt-IdNr.|Steuernummer|St.-Nr.",
        es="NIF|CIF|NIF/CIF",
        it="P.IVA|Partita IVA|Cod. Fiscale",
        pt="NIF|NIPC|Contribuinte",
        nl="BTW-nummer|Btw-nr.|Btw-id",
    ),
    "iban": _l(en="IBAN", fr="IBAN", de="IBAN", es="IBAN", it="IBAN", pt="IBAN", nl="IBAN"),
    "bic": _l(en="BIC|SWIFT", fr="BIC", de="BIC", es="BIC|SWIFT", it="BIC|SWIFT", pt="BIC|SWIFT", nl="BIC"),
    "billing_address": _l(
        en="Bill To|Billing Address|Invoice To|Sold To",
        fr="Facturé à|Adresse de facturation",
        de="Rechnungsadresse|Rechnungsempfänger",
        es="Facturar a|Dirección de facturación",
        it="Intestatario|Indirizzo di fatturazione",
        pt="Faturar a|Morada de faturação",
        nl="Factuuradres|Gefactureerd aan",
    ),
    "shipping_address": _l(
        en="Ship To|Shipping Address|Deliver To",
        fr="Livré à|Adresse de livraison",
        de="Lieferadresse|Lieferanschrift",
        es="Enviar a|Dirección de envío",
        it="Destinazione|Indirizzo di consegna",
        pt="Enviar para|Morada de entrega",
        nl="Afleveradres|Leveradres",
    ),
    "seller_address": _l(
        en="Sold By|From|Seller",
        fr="Vendeur|Émetteur",
        de="Verkäufer|Absender",
        es="Vendedor|Emisor",
        it="Venditore|Cedente",
        pt="Vendedor|Emitente",
        nl="Verkoper|Afzender",
    ),
    "address": _l(
        en="Address",
        fr="Adresse",
        de="Adresse|Anschrift",
        es="Dirección|Domicilio",
        it="Indirizzo",
        pt="Morada|Endereço",
        nl="Adres",
    ),
    "nationality": _l(
        en="Nationality",
        fr="Nationalité",
        de="Staatsangehörigkeit",
        es="Nacionalidad",
        it="Cittadinanza|Nazionalità",
        pt="Nacionalidade",
        nl="Nationaliteit",
    ),
    "place_of_birth": _l(
        en="Place of Birth",
        fr="Lieu de naissance",
        de="Geburtsort",
        es="Lugar de nacimiento",
        it="Luogo di nascita",
        pt="Local de nascimento",
        nl="Geboorteplaats",
    ),
    "sex": _l(en="Sex|Gender", fr="Sexe", de="Geschlecht", es="Sexo", it="Sesso", pt="Sexo", nl="Geslacht"),
    "payment_terms": _l(
        en="Terms|Payment Terms",
        fr="Conditions de paiement",
        de="Zahlungsbedingungen|Zahlungsziel",
        es="Condiciones de pago|Forma de pago",
        it="Condizioni di pagamento|Pagamento",
        pt="Condições de pagamento",
        nl="Betalingsvoorwaarden",
    ),
    "job_title": _l(
        en="Title|Position",
        fr="Fonction|Poste",
        de="Position|Funktion",
        es="Cargo|Puesto",
        it="Qualifica|Ruolo",
        pt="Cargo|Função",
        nl="Functie",
    ),
    "passport_number": _l(
        en="Passport No|Passport Number|Document No",
        fr="N° de passeport|Passeport n°",
        de="Pass-Nr.|Passnummer",
        es="N.º de pasaporte|Pasaporte",
        it="N. passaporto|Passaporto n.",
        pt="N.º do passaporte|Passaporte n.º",
        nl="Paspoortnummer|Documentnummer",
    ),
    "given_names": _l(
        en="Given Names|Forenames",
        fr="Prénoms",
        de="Vornamen",
        es="Nombres",
        it="Nomi|Nome",
        pt="Nomes próprios|Nome",
        nl="Voornamen",
    ),
    "authority": _l(
        en="Authority|Issuing Authority",
        fr="Autorité|Délivré par",
        de="Behörde|Ausstellende Behörde",
        es="Autoridad|Expedido por",
        it="Autorità|Rilasciato da",
        pt="Autoridade|Entidade emissora",
        nl="Autoriteit|Afgegeven door",
    ),
    "period": _l(
        en="Statement Period|Billing Period|Period",
        fr="Période|Période de facturation",
        de="Zeitraum|Abrechnungszeitraum",
        es="Periodo|Periodo de facturación",
        it="Periodo|Periodo di fatturazione",
        pt="Período|Período de faturação",
        nl="Periode|Factuurperiode",
    ),
    "opening_balance": _l(
        en="Opening Balance|Beginning Balance|Previous Balance",
        fr="Solde initial|Ancien solde",
        de="Anfangssaldo|Alter Kontostand",
        es="Saldo inicial|Saldo anterior",
        it="Saldo iniziale|Saldo precedente",
        pt="Saldo inicial|Saldo anterior",
        nl="Beginsaldo|Vorig saldo",
    ),
    "closing_balance": _l(
        en="Closing Balance|Ending Balance|New Balance",
        fr="Solde final|Nouveau solde",
        de="Endsaldo|Neuer Kontostand",
        es="Saldo final|Nuevo saldo",
        it="Saldo finale|Saldo contabile",
        pt="Saldo final|Saldo atual",
        nl="Eindsaldo|Nieuw saldo",
    ),
    "account_holder": _l(
        en="Account Holder|Account Name",
        fr="Titulaire du compte|Titulaire",
        de="Kontoinhaber",
        es="Titular de la cuenta|Titular",
        it="Intestatario del conto|Intestatario",
        pt="Titular da conta|Titular",
        nl="Rekeninghouder|Ten name van",
    ),
    "account_type": _l(
        en="Account Type",
        fr="Type de compte",
        de="Kontoart",
        es="Tipo de cuenta",
        it="Tipo di conto",
        pt="Tipo de conta",
        nl="Soort rekening",
    ),
    "meter_number": _l(
        en="Meter No|Meter #",
        fr="N° de compteur",
        de="Zählernummer",
        es="N.º de contador",
        it="Matricola contatore",
        pt="N.º do contador",
        nl="Meternummer",
    ),
    "usage": _l(
        en="Usage|Total Usage",
        fr="Consommation",
        de="Verbrauch",
        es="Consumo",
        it="Consumo",
        pt="Consumo",
        nl="Verbruik",
    ),
    "current_charges": _l(
        en="Current Charges|New Charges",
        fr="Montant de la période",
        de="Aktuelle Kosten|Neue Kosten",
        es="Cargos del periodo",
        it="Importo del periodo",
        pt="Encargos do período",
        nl="Kosten deze periode",
    ),
    "cashier": _l(
        en="Cashier|Served By",
        fr="Caissier|Caisse",
        de="Kassierer|Bediener",
        es="Cajero|Le atendió",
        it="Cassiere|Operatore",
        pt="Operador|Caixa",
        nl="Kassier|Medewerker",
    ),
    "time": _l(en="Time", fr="Heure", de="Uhrzeit|Zeit", es="Hora", it="Ora", pt="Hora", nl="Tijd"),
    "quantity": _l(
        en="Qty|Quantity",
        fr="Qté|Quantité",
        de="Menge|Anz.",
        es="Cant.|Cantidad",
        it="Q.tà|Quantità",
        pt="Qtd.|Quantidade",
        nl="Aantal",
    ),
    "description": _l(
        en="Description|Item",
        fr="Désignation|Description",
        de="Beschreibung|Bezeichnung|Artikel",
        es="Descripción|Concepto",
        it="Descrizione|Articolo",
        pt="Descrição|Artigo",
        nl="Omschrijving|Artikel",
    ),
    "unit_price": _l(
        en="Unit Price|Rate|Price",
        fr="Prix unitaire|P.U. HT",
        de="Einzelpreis|Preis",
        es="Precio unitario|Precio",
        it="Prezzo unitario|Prezzo",
        pt="Preço unitário|Preço",
        nl="Prijs per stuk|Prijs",
    ),
    "line_total": _l(
        en="Amount|Total|Line Total",
        fr="Montant|Total HT",
        de="Betrag|Gesamt",
        es="Importe|Total",
        it="Importo|Totale",
        pt="Valor|Total",
        nl="Bedrag|Totaal",
    ),
    "date": _l(en="Date", fr="Date", de="Datum", es="Fecha", it="Data", pt="Data", nl="Datum"),
    "deposits": _l(
        en="Deposits|Credits",
        fr="Crédit",
        de="Haben|Gutschrift",
        es="Abonos|Haber",
        it="Avere|Accrediti",
        pt="Crédito",
        nl="Bij|Credit",
    ),
    "withdrawals": _l(
        en="Withdrawals|Debits",
        fr="Débit",
        de="Soll|Lastschrift",
        es="Cargos|Debe",
        it="Dare|Addebiti",
        pt="Débito",
        nl="Af|Debet",
    ),
    "balance": _l(en="Balance", fr="Solde", de="Saldo", es="Saldo", it="Saldo", pt="Saldo", nl="Saldo"),
    "page": _l(en="Page", fr="Page", de="Seite", es="Página", it="Pagina", pt="Página", nl="Pagina"),
}

# page titles by document kind
TITLES: dict[str, dict[str, list[str]]] = {
    "invoice": _l(
        en="INVOICE|Tax Invoice|Retail Invoice/Bill|Commercial Invoice",
        fr="FACTURE|Facture",
        de="RECHNUNG|Rechnung",
        es="FACTURA|Factura",
        it="FATTURA|Fattura",
        pt="FATURA|Fatura",
        nl="FACTUUR|Factuur",
    ),
    "receipt": _l(
        en="RECEIPT|Sales Receipt|Thank you for shopping",
        fr="TICKET DE CAISSE|Reçu",
        de="KASSENBON|Beleg",
        es="TICKET|Recibo",
        it="SCONTRINO|Ricevuta",
        pt="TALÃO|Recibo",
        nl="KASSABON|Bon",
    ),
    "statement": _l(
        en="ACCOUNT STATEMENT|Bank Statement",
        fr="RELEVÉ DE COMPTE",
        de="KONTOAUSZUG",
        es="EXTRACTO DE CUENTA",
        it="ESTRATTO CONTO",
        pt="EXTRATO DE CONTA",
        nl="REKENINGAFSCHRIFT",
    ),
    "bill": _l(
        en="YOUR ENERGY BILL|Utility Bill|Statement of Account",
        fr="VOTRE FACTURE D'ÉNERGIE",
        de="STROMRECHNUNG|Jahresabrechnung",
        es="FACTURA DE ELECTRICIDAD",
        it="BOLLETTA|Bolletta luce e gas",
        pt="FATURA DE ELETRICIDADE",
        nl="ENERGIENOTA|Jaarafrekening",
    ),
    "form": _l(
        en="APPLICATION FORM|Registration Form|Certificate|Policy Schedule|Membership Card|Customer Details",
        fr="FORMULAIRE D'INSCRIPTION|Attestation|Bulletin d'adhésion",
        de="ANMELDEFORMULAR|Bescheinigung|Antrag",
        es="SOLICITUD|Certificado|Formulario de registro",
        it="MODULO DI ISCRIZIONE|Certificato|Domanda",
        pt="FORMULÁRIO DE INSCRIÇÃO|Certificado|Requerimento",
        nl="AANMELDFORMULIER|Verklaring|Aanvraag",
    ),
}

PROSE = {  # sentences that carry field words without being labels
    "en": [
        "Please quote the invoice number and customer ID with your payment.",
        "The total amount is due within 30 days of the invoice date.",
        "Questions about this bill? Call us; our phone and fax numbers are shown above.",
        "The date of birth and address must match your ID document.",
    ],
    "fr": [
        "Merci de rappeler le numéro de facture et votre numéro client lors du paiement.",
        "Le montant total est payable à la date d'échéance indiquée.",
        "La date de naissance doit correspondre à la pièce d'identité.",
    ],
    "de": [
        "Bitte geben Sie bei Zahlung die Rechnungsnummer und Kundennummer an.",
        "Der Gesamtbetrag ist bis zum Fälligkeitsdatum zu zahlen.",
        "Geburtsdatum und Adresse müssen mit dem Ausweis übereinstimmen.",
    ],
    "es": [
        "Indique el número de factura y el número de cliente en su pago.",
        "El importe total debe abonarse antes de la fecha de vencimiento.",
        "La fecha de nacimiento debe coincidir con su documento de identidad.",
    ],
    "it": [
        "Indicare il numero fattura e il codice cliente nel pagamento.",
        "Il totale è da saldare entro la data di scadenza.",
        "La data di nascita deve corrispondere al documento.",
    ],
    "pt": [
        "Indique o número da fatura e o número de cliente no pagamento.",
        "O valor total deve ser pago até à data de vencimento.",
        "A data de nascimento deve coincidir com o documento de identificação.",
    ],
    "nl": [
        "Vermeld bij betaling het factuurnummer en uw klantnummer.",
        "Het totaalbedrag dient voor de vervaldatum te worden voldaan.",
        "De geboortedatum moet overeenkomen met uw identiteitsbewijs.",
    ],
}

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
MONTHS = {k: v.split() for k, v in MONTHS.items()}


@dataclass(frozen=True)
class Locale:
    """A page's language and region: how it prints dates, amounts, phones and addresses."""

    lang: str
    region: str  # US, GB, IN, FR, DE, AT, CH, ES, IT, PT, NL, BE
    currency: str  # ISO code

    @property
    def month_first(self) -> bool:
        return self.region == "US"


def pick_locale(rng: random.Random, lang: str | None = None) -> Locale:
    lang = lang or rng.choice(LANGUAGES)
    region = rng.choice(
        {
            "en": ["US", "US", "GB", "IN"],
            "fr": ["FR", "FR", "BE"],
            "de": ["DE", "DE", "AT", "CH"],
            "es": ["ES"],
            "it": ["IT"],
            "pt": ["PT"],
            "nl": ["NL", "NL", "BE"],
        }[lang]
    )
    currency = {"US": "USD", "GB": "GBP", "IN": "INR", "CH": "CHF"}.get(region, "EUR")
    return Locale(lang, region, currency)


def label(rng: random.Random, loc: Locale, concept: str) -> str:
    """A label for `concept` in the page's language (English labels now and then on any page)."""
    by_lang = LABELS[concept]
    lang = "en" if loc.lang not in by_lang or rng.random() < 0.08 else loc.lang
    return rng.choice(by_lang[lang])


# -- dates --------------------------------------------------------------------------------


def format_date(rng: random.Random, loc: Locale, d: date, style: str | None = None) -> str:
    """A date as pages in this locale print it; `style` fixes the pattern for a whole page."""
    style = style or date_style(rng, loc)
    dd, mm, yyyy = f"{d.day:02d}", f"{d.month:02d}", str(d.year)
    month = MONTHS[loc.lang][d.month - 1]
    if style == "iso":
        return d.isoformat()
    if style == "numeric":
        if loc.month_first:
            return f"{mm}/{dd}/{yyyy}"
        sep = {"de": ".", "nl": "-"}.get(loc.lang, "/")
        return f"{dd}{sep}{mm}{sep}{yyyy}"
    if style == "dotted":
        return f"{dd}.{mm}.{yyyy}"
    if style == "short":  # 15 Mar 2024 / Mar 15, 2024
        mon = (
            month[:3].capitalize()
            if loc.lang == "en"
            else month[:3] + ("." if len(month) > 4 and loc.lang == "fr" else "")
        )
        return f"{mon} {d.day}, {yyyy}" if loc.month_first else f"{d.day} {mon} {yyyy}"
    # long
    if loc.lang == "en":
        return f"{month} {d.day}, {yyyy}" if loc.month_first else f"{d.day} {month} {yyyy}"
    if loc.lang in ("es", "pt"):
        return f"{d.day} de {month} de {yyyy}"
    if loc.lang == "de":
        return f"{d.day}. {month} {yyyy}"
    return f"{d.day} {month} {yyyy}"


def date_style(rng: random.Random, loc: Locale) -> str:
    return rng.choices(
        ["numeric", "long", "short", "dotted", "iso"], [6, 2, 2, 1 if loc.lang in ("de", "fr") else 0, 0.5]
    )[0]


def random_date(rng: random.Random, start_year: int = 2019, end_year: int = 2026) -> date:
    first = date(start_year, 1, 1)
    return first + timedelta(days=rng.randrange((date(end_year, 12, 31) - first).days))


# -- amounts ------------------------------------------------------------------------------

SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "INR": "Rs.", "CHF": "CHF"}


def format_amount(rng: random.Random, loc: Locale, value: float, style: int | None = None, sign: bool = True) -> str:
    """1234.56 -> '$1,234.56' (US), '1.234,56 €' (de), '€ 1.234,56' (nl), '1 234,56 €' (fr)..."""
    neg = value < 0
    whole, cents = divmod(round(abs(value) * 100), 100)
    style = rng.randrange(3) if style is None else style
    if loc.region in ("US", "GB", "IN"):
        digits = f"{whole:,}.{cents:02d}"
    elif loc.region == "CH":
        digits = f"{whole:,}.{cents:02d}".replace(",", "'")
    else:
        group = " " if loc.lang == "fr" and style == 2 else "."
        if loc.lang == "fr" and style == 1:
            group = ""
        digits = f"{whole:,}".replace(",", group) + f",{cents:02d}"
    digits = ("-" if neg else "") + digits
    if not sign:
        return digits
    sym = SYMBOL[loc.currency]
    if loc.currency in ("USD", "GBP"):
        return [f"{sym}{digits}", f"{sym}{digits}", f"{loc.currency} {digits}"][style]
    if loc.currency in ("INR", "CHF"):
        return f"{sym} {digits}"
    if loc.lang == "nl":
        return [f"€ {digits}", f"€ {digits}", f"{digits} EUR"][style]
    return [f"{digits} €", f"€ {digits}", f"{digits} EUR"][style]


def random_amount(rng: random.Random, low: float = 5, high: float = 5000) -> float:
    return round(rng.uniform(low, high), 2)

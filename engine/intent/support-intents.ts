/**
 * The built-in customer-support taxonomy and its training examples. Written for this package by its
 * developers (no third-party text), released under the package's MIT licence. Mostly English, with a
 * few German, Spanish, French and Portuguese examples per type.
 */

export interface TaxonomyIntent {
	type: string;
	intent: string;
	examples: string[];
}

export const SUPPORT_TAXONOMY: TaxonomyIntent[] = [
	{ type: 'billing', intent: 'double_charge', examples: [
		'I was charged twice for the same invoice', 'You billed my card two times this month', 'There are two identical charges on my statement',
		'Duplicate payment taken for my subscription', 'Why did you charge me again? I already paid', 'My credit card shows the same charge twice',
		'Ich wurde doppelt belastet', 'Me cobraron dos veces el mismo cargo', 'J\'ai été débité deux fois', 'Fui cobrado duas vezes',
	] },
	{ type: 'billing', intent: 'invoice_question', examples: [
		'Can you send me a copy of my invoice?', 'I need an invoice with our VAT number on it', 'The invoice amount does not match my plan price',
		'Where can I download past invoices?', 'Please change the company name on the invoice', 'What is this charge on my bill?',
		'Why is my bill higher than last month?', 'I don\'t understand the fees on my latest invoice', 'Bitte senden Sie mir die Rechnung erneut',
		'Necesito una factura con mis datos fiscales', 'Pouvez-vous m\'envoyer la facture du mois dernier ?', 'Preciso da nota fiscal da minha compra',
	] },
	{ type: 'billing', intent: 'payment_method', examples: [
		'How do I update my credit card?', 'My payment failed, how can I pay now?', 'I want to change the card on file',
		'Can I pay by bank transfer instead of card?', 'The payment page keeps declining my card', 'Please remove my old card from the account',
		'Wie ändere ich meine Zahlungsmethode?', 'Quiero cambiar mi método de pago', 'Comment changer ma carte bancaire ?', 'Como altero a forma de pagamento?',
	] },
	{ type: 'billing', intent: 'payment_problem', examples: [
		'My payment did not go through', 'I want to report a problem with a payment', 'The checkout says my payment failed but money was taken',
		'Which payment methods do you accept?', 'Do you take PayPal?', 'I got an error while paying online', 'Can I pay in instalments?',
		'Die Zahlung ist fehlgeschlagen', 'El pago no se completó', 'Le paiement a échoué', 'O pagamento não foi concluído',
	] },
	{ type: 'refund', intent: 'refund_request', examples: [
		'I want a refund', 'Please refund my last payment', 'Can I get my money back for this order?', 'The product was broken, I would like a refund',
		'Refund me for the unused months please', 'I returned the item, when do I get my money back?', 'I demand a full refund',
		'Ich möchte mein Geld zurück', 'Quiero un reembolso', 'Je souhaite être remboursé', 'Quero o reembolso do meu pagamento',
	] },
	{ type: 'refund', intent: 'refund_status', examples: [
		'Where is my refund?', 'You promised a refund two weeks ago and nothing arrived', 'When will the refund show up on my card?',
		'Status of my refund request', 'My refund still hasn\'t been processed', 'Wann kommt meine Rückerstattung?', '¿Cuándo recibiré mi reembolso?',
		'Je n\'ai toujours pas reçu mon remboursement', 'Meu reembolso ainda não caiu',
		'Any news on my reimbursement?', 'I expect a refund of $40 for the cancelled order', 'I am still waiting for the money you owe me', 'Has my refund been sent?',
	] },
	{ type: 'refund', intent: 'refund_policy', examples: [
		'What is your refund policy?', 'In which cases can I get my money back?', 'How long does a refund take?', 'Can I be reimbursed if I change my mind?',
		'Do you refund digital purchases?', 'Is there a money-back guarantee?', 'I am still waiting for my reimbursement', 'Please reimburse the amount you took',
		'Wie lange dauert eine Erstattung?', '¿Cuál es su política de reembolsos?', 'Quelle est votre politique de remboursement ?', 'Qual é a política de reembolso?',
	] },
	{ type: 'cancellation', intent: 'cancel_subscription', examples: [
		'Please cancel my subscription', 'I want to cancel my plan at the end of the month', 'How do I cancel my account?',
		'Stop my membership, I no longer need it', 'Cancel auto-renewal please', 'I would like to end my contract', 'Do not renew my subscription',
		'Close my account and delete my data', 'Bitte kündigen Sie mein Abo', 'Quiero cancelar mi suscripción', 'Je veux résilier mon abonnement',
		'Quero cancelar minha assinatura',
	] },
	{ type: 'cancellation', intent: 'cancel_order', examples: [
		'Please cancel my order', 'I no longer want the order I placed yesterday', 'Cancel order 5521 before it ships', 'I ordered by mistake, please cancel it',
		'How can I cancel a purchase?', 'Stop my order, I found it cheaper elsewhere', 'Ich möchte meine Bestellung stornieren', 'Quiero cancelar mi pedido',
		'Je veux annuler ma commande', 'Quero cancelar o meu pedido',
	] },
	{ type: 'cancellation', intent: 'cancellation_fee', examples: [
		'Is there a fee if I cancel?', 'What are the early termination charges?', 'Will I pay a penalty for cancelling before the contract ends?',
		'How much does it cost to cancel my plan early?', 'Do you charge for cancelling an order?', 'Fallen Gebühren bei einer Kündigung an?',
		'¿Hay penalización por cancelar antes?', 'Y a-t-il des frais de résiliation ?', 'Tem multa para cancelar?',
	] },
	{ type: 'cancellation', intent: 'close_account', examples: [
		'Delete my account', 'Please remove my account permanently', 'How do I close my profile?', 'I want to delete my user and all my data',
		'Remove the premium account I no longer use', 'Can you deactivate my account?', 'Bitte löschen Sie mein Konto', 'Quiero eliminar mi cuenta',
		'Je veux supprimer mon compte', 'Quero excluir minha conta',
	] },
	{ type: 'shipping', intent: 'where_is_my_order', examples: [
		'Where is my order?', 'My package has not arrived yet', 'The tracking number shows no updates for a week', 'When will my order be delivered?',
		'Order 4411 still says processing', 'The parcel was marked delivered but I never got it', 'My delivery is late', 'Can you check the shipping status?',
		'Wo bleibt meine Bestellung?', '¿Dónde está mi pedido?', 'Ma commande n\'est toujours pas arrivée', 'Meu pedido ainda não chegou',
		'What is the status of my purchase?', 'Can you locate order 7710 for me?', 'Show me where my purchase is now', 'Has my order shipped yet?',
	] },
	{ type: 'shipping', intent: 'delivery_options', examples: [
		'How soon will my order arrive?', 'How long does delivery take?', 'What shipping methods do you offer?', 'Do you ship to Canada?',
		'Is express delivery available?', 'How much is shipping to Ireland?', 'Can I pick up my order in a store?', 'Wie lange dauert der Versand?',
		'¿Hacen envíos a México?', 'Quels sont les délais de livraison ?', 'Vocês entregam em Portugal?',
	] },
	{ type: 'shipping', intent: 'change_order', examples: [
		'I need to change the delivery address', 'Can I add an item to my order before it ships?', 'Please ship to my office instead',
		'I ordered the wrong size, can you change it?', 'Can I switch to express shipping?', 'Wrong item received in my package',
		'Ich möchte die Lieferadresse ändern', 'Quiero cambiar la dirección de envío', 'Je veux modifier l\'adresse de livraison', 'Quero mudar o endereço de entrega',
		'Can I swap one product in my order for another?', 'Please add two more items to order 3391', 'Remove a product from my purchase', 'I need to correct a mistake in my order', 'Can I still edit what I ordered?',
	] },
	{ type: 'account_access', intent: 'login_problem', examples: [
		'I can\'t log in to my account', 'My password is not accepted', 'I forgot my password and the reset email never arrives',
		'Locked out of my account after too many attempts', 'Two-factor code is not working', 'The login page says invalid credentials',
		'I lost access to my authenticator app', 'Ich kann mich nicht anmelden', 'No puedo iniciar sesión', 'Je n\'arrive pas à me connecter',
		'Não consigo fazer login na minha conta',
		'How do I reset my password?', 'I cannot remember my PIN', 'Help me get back into my profile', 'The password recovery link does not work',
	] },
	{ type: 'account_access', intent: 'sign_up', examples: [
		'I cannot create an account', 'The registration form gives me an error', 'Sign-up fails at the last step', 'How do I open a new account?',
		'The confirmation email for my registration never came', 'I want to report a problem with signing up', 'Can I create an account for my colleague?',
		'Help me recover the password of my profile', 'Ich kann mich nicht registrieren', 'No puedo crear una cuenta', 'Je n\'arrive pas à créer un compte',
		'Não consigo me cadastrar',
		'I need to report an error with sign-up', 'Registration keeps failing', 'Signing up does not work on your site',
	] },
	{ type: 'account_access', intent: 'account_change', examples: [
		'How do I change the email address on my account?', 'Please add a new user to our team', 'I need to transfer the account to a colleague',
		'Change the account owner please', 'How can I update my username?', 'Remove a former employee from our workspace',
		'Wie ändere ich meine E-Mail-Adresse?', 'Quiero cambiar el correo de mi cuenta', 'Comment changer l\'adresse e-mail du compte ?',
	] },
	{ type: 'technical_issue', intent: 'bug', examples: [
		'The app crashes when I open settings', 'I get an error 500 when saving', 'The export button does nothing', 'Sync is broken since the last update',
		'Pages load forever and then time out', 'The dashboard shows wrong numbers', 'Notifications stopped working', 'The integration with Slack fails',
		'Die App stürzt beim Start ab', 'La aplicación se cierra sola', 'L\'application plante au démarrage', 'O aplicativo trava ao abrir',
	] },
	{ type: 'technical_issue', intent: 'outage', examples: [
		'Your service is down', 'The website is not loading for anyone in our team', 'Everything is down, our production is blocked',
		'API returns errors for all requests', 'Is there an outage right now?', 'Nobody can access the platform', 'Der Dienst ist komplett ausgefallen',
		'El servicio está caído', 'Le service est en panne', 'O sistema está fora do ar',
	] },
	{ type: 'feature_request', intent: 'feature_request', examples: [
		'It would be great if you added dark mode', 'Please add an export to Excel', 'Can you support single sign-on?', 'Feature request: recurring tasks',
		'I wish the app had an offline mode', 'Could you add an integration with Salesforce?', 'Suggestion: let us customise the reports',
		'Bitte fügen Sie einen Dunkelmodus hinzu', 'Sería genial poder exportar a PDF', 'Ce serait bien d\'avoir une application mobile', 'Seria ótimo ter integração com o WhatsApp',
	] },
	{ type: 'complaint', intent: 'complaint', examples: [
		'Your support is terrible', 'This is unacceptable, nobody answers my emails', 'I am very disappointed with the service', 'Worst experience ever',
		'The agent was rude to me', 'I have been waiting for weeks and nobody helps', 'I want to speak to a manager', 'I am going to report you',
		'Ich bin sehr unzufrieden mit Ihrem Service', 'Es inaceptable, nadie me responde', 'Je suis très mécontent du service', 'Estou muito insatisfeito com o atendimento',
	] },
	{ type: 'complaint', intent: 'formal_complaint', examples: [
		'I want to file a complaint', 'How do I lodge a formal complaint?', 'I would like to make a claim against your company', 'Where do I send a complaint about an employee?',
		'I am submitting a complaint about how my case was handled', 'I want to complain about the service I received', 'Ich möchte mich beschweren',
		'Quiero poner una reclamación', 'Je souhaite déposer une réclamation', 'Quero fazer uma reclamação',
	] },
	{ type: 'general_question', intent: 'how_to', examples: [
		'How do I create a report?', 'Where can I find the settings?', 'Is there a user guide?', 'How does the free trial work?', 'Can I use it on several devices?',
		'What are your opening hours?', 'Do you have a discount for non-profits?', 'Which plan includes API access?', 'Wie funktioniert die Testphase?',
		'¿Cómo creo un informe?', 'Comment fonctionne l\'essai gratuit ?', 'Como funciona o período de teste?',
	] },
	{ type: 'general_question', intent: 'contact_agent', examples: [
		'I want to talk to a person', 'Can I speak with a human?', 'Connect me with a live agent', 'How do I reach customer service?',
		'What is your support phone number?', 'When can I call your support team?', 'Is there a chat with a real person?', 'I need to contact someone from your team',
		'Ich möchte mit einem Mitarbeiter sprechen', 'Quiero hablar con una persona', 'Je voudrais parler à un conseiller', 'Quero falar com um atendente',
	] },
	{ type: 'general_question', intent: 'feedback', examples: [
		'I would like to leave a review', 'Where can I send feedback about your service?', 'I want to rate my experience with you', 'How do I write a review of a product?',
		'I have some feedback for your company', 'Just wanted to say thanks, great service', 'Ich möchte eine Bewertung abgeben', 'Quiero dejar una opinión',
		'Je voudrais laisser un avis', 'Quero deixar uma avaliação',
	] },
	{ type: 'general_question', intent: 'newsletter', examples: [
		'How do I subscribe to your newsletter?', 'Please sign me up for the newsletter', 'Stop sending me marketing emails', 'Remove me from the mailing list',
		'I no longer want the newsletter', 'Newsletter anmelden', 'Quiero suscribirme al boletín', 'Je veux me désabonner de la newsletter', 'Quero receber a newsletter',
	] },
	{ type: 'general_question', intent: 'buying', examples: [
		'I want to buy your product', 'How can I place an order?', 'Can I order several items at once?', 'Do you sell gift cards?', 'I would like to purchase a licence for my team',
		'Is this item in stock?', 'Ich möchte etwas bestellen', 'Quiero comprar un producto', 'Je voudrais passer une commande', 'Quero fazer um pedido',
	] },
];

/** Training examples of the built-in taxonomy, labelled `type/intent`. */
export function supportTrainingExamples(): Array<{ text: string; type: string; intent: string }> {
	return SUPPORT_TAXONOMY.flatMap(({ type, intent, examples }) => examples.map((text) => ({ text, type, intent })));
}

export const SUPPORT_TYPES: string[] = [...new Set(SUPPORT_TAXONOMY.map((entry) => entry.type))];

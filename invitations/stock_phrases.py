"""The words the personalization check knows: platform defaults, greetings, closings,
stock phrases and filler. Data only; invitations.personalization reads it.

Every entry is compared after folding (netwerk.lib.textnorm): case, accents, quotes and
punctuation do not matter here.
"""

# LinkedIn's own invitation text, in the languages of its interface (Settings > Account
# preferences > Display language), plus the older and mobile English variants.
PLATFORM_DEFAULTS = (
    # English
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to add you to my professional network.",
    "I'd like to add you to my LinkedIn network.",
    "I'd like to join your LinkedIn network.",
    "I'd like to connect with you on LinkedIn.",
    # Dutch
    "Ik wil u graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    # French
    "Je vous invite à faire partie de mon réseau professionnel sur LinkedIn.",
    "J'aimerais vous inviter à rejoindre mon réseau professionnel sur LinkedIn.",
    # German
    "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Ich möchte dich gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Gerne möchte ich Sie als Kontakt zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    # Spanish
    "Me gustaría añadirte a mi red profesional en LinkedIn.",
    "Me gustaría agregarte a mi red profesional de LinkedIn.",
    # Italian
    "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
    # Portuguese
    "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
    "Gostaria de adicionar você à minha rede profissional no LinkedIn.",
    # Swedish, Danish, Norwegian, Finnish
    "Jag skulle vilja lägga till dig i mitt professionella nätverk på LinkedIn.",
    "Jeg vil gerne tilføje dig til mit professionelle netværk på LinkedIn.",
    "Jeg vil gjerne legge deg til i mitt profesjonelle nettverk på LinkedIn.",
    "Haluaisin lisätä sinut ammatilliseen verkostooni LinkedInissä.",
    # Polish, Czech, Romanian, Turkish
    "Chciałbym dodać Cię do mojej sieci zawodowej na LinkedIn.",
    "Rád bych si vás přidal do své profesní sítě na LinkedIn.",
    "Aș dori să te adaug în rețeaua mea profesională de pe LinkedIn.",
    "Sizi LinkedIn'deki profesyonel ağıma eklemek istiyorum.",
    # Russian, Ukrainian, Greek
    "Я хотел бы добавить вас в свою профессиональную сеть на LinkedIn.",
    "Я хотів би додати вас до своєї професійної мережі в LinkedIn.",
    "Θα ήθελα να σας προσθέσω στο επαγγελματικό μου δίκτυο στο LinkedIn.",
    # Arabic, Hebrew
    "أود إضافتك إلى شبكتي المهنية على LinkedIn.",
    "אשמח להוסיף אותך לרשת המקצועית שלי ב-LinkedIn.",
    # Indonesian, Malay, Tagalog, Vietnamese, Thai
    "Saya ingin menambahkan Anda ke jaringan profesional saya di LinkedIn.",
    "Saya ingin menambah anda ke rangkaian profesional saya di LinkedIn.",
    "Gusto kitang idagdag sa aking propesyonal na network sa LinkedIn.",
    "Tôi muốn thêm bạn vào mạng lưới chuyên nghiệp của tôi trên LinkedIn.",
    "ฉันต้องการเพิ่มคุณในเครือข่ายมืออาชีพของฉันบน LinkedIn",
    # Japanese, Korean, Chinese (simplified, traditional)
    "LinkedInであなたを私のビジネスネットワークに追加したいと思います。",
    "LinkedIn에서 회원님을 제 비즈니스 인맥으로 추가하고 싶습니다.",
    "我想邀请您加入我在领英的职业社交网络。",
    "我想邀請您加入我在 LinkedIn 的專業人脈。",
    # Hindi, Marathi, Bangla, Punjabi, Telugu
    "मैं आपको LinkedIn पर अपने पेशेवर नेटवर्क में जोड़ना चाहता हूँ।",
    "मी तुम्हाला LinkedIn वरील माझ्या व्यावसायिक नेटवर्कमध्ये जोडू इच्छितो.",
    "আমি আপনাকে LinkedIn-এ আমার পেশাদার নেটওয়ার্কে যোগ করতে চাই।",
    "ਮੈਂ ਤੁਹਾਨੂੰ LinkedIn 'ਤੇ ਆਪਣੇ ਪੇਸ਼ੇਵਰ ਨੈੱਟਵਰਕ ਵਿੱਚ ਸ਼ਾਮਲ ਕਰਨਾ ਚਾਹੁੰਦਾ ਹਾਂ।",
    "నేను మిమ్మల్ని LinkedInలో నా వృత్తిపరమైన నెట్‌వర్క్‌కు జోడించాలనుకుంటున్నాను.",
)

GREETINGS = (
    "hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening", "hi there", "hello there",
    "beste", "hoi", "hallo", "dag", "goedemorgen", "goedemiddag", "goedenavond", "beste heer", "beste mevrouw",
    "geachte", "geachte heer", "geachte mevrouw", "hee", "hey daar",
    "bonjour", "cher", "chere", "salut", "liebe", "lieber", "guten tag", "moin", "hola", "ciao", "buongiorno",
)

# A closing followed by at most four words of name ends the text: the signature.
CLOSINGS = (
    "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
    "hartelijke groet", "hartelijke groeten", "met hartelijke groet", "groetjes", "groeten", "groet", "gr",
    "best regards", "kind regards", "warm regards", "warmest regards", "regards", "best wishes", "all the best",
    "best", "cheers", "thanks", "thank you", "many thanks", "bedankt", "dank je wel", "alvast bedankt",
    "cordialement", "bien a vous", "bien cordialement", "amities", "merci", "viele grusse", "mit freundlichen grussen",
    "liebe grusse", "saludos", "un saludo", "cordiali saluti",
)

# Phrases that say nothing about this person: shown to the member as "stock", and not
# counted as their own words.
STOCK_PHRASES = (
    # English
    "let's connect", "lets connect", "let us connect", "let's stay connected", "i'd like to connect",
    "i would like to connect", "would like to connect", "would love to connect", "i'd love to connect",
    "love to connect", "happy to connect", "great to connect", "nice to connect", "glad to connect",
    "looking forward to connecting", "look forward to connecting", "looking forward to connecting with you",
    "connect with you", "connect with you here", "to connect", "i'd like to add you to my network",
    "add you to my network", "add you to my professional network", "expand my network",
    "expand my professional network", "grow my network", "grow my professional network", "grow our networks",
    "grow our network", "broaden my network", "like-minded professionals", "like minded professionals",
    "i came across your profile", "came across your profile", "i saw your profile", "your profile",
    "great profile", "impressive profile", "interesting profile", "your impressive background",
    "always looking to connect with", "professionals in my field", "in the same industry",
    "in my industry", "stay in touch", "keep in touch", "hope you're well", "hope you are well",
    "hope all is well", "have a great day", "have a nice day", "thanks in advance", "thank you",
    "many thanks", "on linkedin", "here on linkedin", "mutual benefit", "mutually beneficial",
    "network with you", "be part of your network", "join your network", "i think we could benefit",
    # Dutch
    "leuk om te connecten", "leuk om te linken", "leuk om contact te maken", "graag wil ik je toevoegen",
    "graag wil ik u toevoegen", "ik wil je graag toevoegen", "ik wil u graag toevoegen", "graag toevoegen",
    "graag connecten", "graag linken", "laten we connecten", "laten we linken", "uitbreiden van mijn netwerk",
    "mijn netwerk uitbreiden", "mijn netwerk te vergroten", "mijn netwerk vergroten", "aan mijn netwerk",
    "aan mijn netwerk toevoegen", "toevoegen aan mijn netwerk", "mijn professionele netwerk",
    "ik kwam je profiel tegen", "ik kwam uw profiel tegen", "ik zag je profiel", "je profiel", "uw profiel",
    "interessant profiel", "mooi profiel", "leuk profiel", "in contact komen", "in contact blijven",
    "contact houden", "op linkedin", "hier op linkedin", "nog een fijne dag", "fijne dag", "alvast bedankt",
    "dank je wel", "met interesse", "hetzelfde vakgebied", "in hetzelfde vakgebied", "vakgenoten",
    "gelijkgestemde professionals", "ik hoop dat alles goed gaat", "hoop dat het goed gaat",
    "ik zou graag met je connecten", "ik zou graag connecten", "op zoek naar", "altijd op zoek naar",
    "nieuwe mensen", "interessante mensen",
    # German and French, the neighbours
    "lass uns vernetzen", "gerne vernetzen", "ich würde mich freuen", "mein netzwerk erweitern",
    "ravi de vous ajouter", "rejoindre mon reseau", "elargir mon reseau",
)

# Words that on their own say nothing about this person: function words and the
# vocabulary of stock invitations (English, Dutch; a little German and French).
FILLER = frozenset(
    """
    a an the and or but to of in on at for with from by about as is are am be been was were it its this that
    these those there here i id im ive ill me my mine we us our you your youre yours he she they them their
    do does did have has had would could should will can may might must shall not no yes so too very really
    just also always all any some more most much many one well hope like love would like to please thanks
    thank great nice good glad happy interesting interested impressive amazing awesome inspiring inspired
    profile profiles network networks networking connect connecting connected connection connections
    linkedin professional professionals industry field sector work working career background experience
    expertise add adding join joining invite invitation request touch contact contacts day week soon
    forward look looking see seeing saw came across came want wanted wish think new people always
    meet meeting opportunity opportunities share sharing ideas
    hi hello hey dear regards best cheers kind warm wishes
    de het een en of maar te van in op aan voor met uit bij over als is zijn ben was waren dit dat deze die
    daar hier ik me mij mijn we wij ons onze je jij jou jouw u uw hij zij ze hun hen doen doet deed heb hebt
    heeft had hadden zou zouden kan kunnen mag moet zal wil wilt willen niet geen ja zo erg echt ook altijd
    alle alles veel graag leuk mooi fijn goed interessant inspirerend profiel netwerk netwerken connecten
    linken contact contacten toevoegen uitbreiden vergroten vakgebied branche werk ervaring achtergrond
    uitnodiging verzoek dag week snel binnenkort tegen kwam zag zie komen blijven hoop hopelijk even eens
    zoek zoeken naar nieuwe mensen kans kansen delen ideeen
    hoi hallo beste groet groeten groetjes bedankt dank alvast vriendelijke hartelijke
    ich sie du dich mich mein meinem meine ihr ihre gerne würde freuen netzwerk vernetzen und der die das zu
    haben sein kontakt
    je vous tu mon ma mes votre vos reseau ajouter rejoindre et le la les un une des souhaite souhaiterais
    aimerais serais ravi ravie heureux
    """.split()
)

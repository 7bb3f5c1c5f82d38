"""The shipped alias table: common entities of world and technology news, English and Spanish.

One entity a line: ``KIND | Canonical name | alias | alias …``.

* KIND is PERSON, ORG, GPE (any place) or PRODUCT.
* The canonical name is an alias too.
* An alias written in capitals ("PLA", "EE.UU.") only matches capitals in text, so "US" never
  matches the pronoun "us". Other aliases match when their capitalised words are capitalised
  in text ("White House", not "white house").
* An alias starting with ``~`` is a common-noun phrase that matches in any case
  ("~Chinese military" matches "the Chinese military").

Blank lines and lines starting with ``#`` are ignored.
"""

from __future__ import annotations

TABLE = """
# --- governments, militaries, agencies ---------------------------------------------------
ORG | White House | Casa Blanca
ORG | People's Liberation Army | PLA | Peoples Liberation Army | ~Chinese military | ~Chinese army | ~China's military | ~China's army | Ejército Popular de Liberación | ~ejército chino | ~militares chinos | ~ejército de China
ORG | Pentagon | Pentágono | Department of Defense | Departamento de Defensa | US Department of Defense | DoD | Department of War | Departamento de Guerra
ORG | US State Department | State Department | Department of State | Departamento de Estado
ORG | US Department of Justice | Justice Department | Department of Justice | DOJ | Departamento de Justicia
ORG | US Department of Commerce | Commerce Department | Department of Commerce | Departamento de Comercio
ORG | US Treasury | Treasury Department | Department of the Treasury | Departamento del Tesoro | Tesoro de Estados Unidos
ORG | Department of Homeland Security | DHS | Departamento de Seguridad Nacional
ORG | US Congress | Congress | Congreso de Estados Unidos | Congreso estadounidense | Congreso de EE.UU.
ORG | US Senate | Senado de Estados Unidos | Senado estadounidense
ORG | Kremlin | Kremlin
ORG | Federal Bureau of Investigation | FBI | Buró Federal de Investigaciones | Oficina Federal de Investigación
ORG | Central Intelligence Agency | CIA | Agencia Central de Inteligencia
ORG | National Security Agency | NSA | Agencia de Seguridad Nacional
ORG | Cybersecurity and Infrastructure Security Agency | CISA | Agencia de Ciberseguridad y Seguridad de Infraestructuras
ORG | National Cyber Security Centre | NCSC | Centro Nacional de Ciberseguridad del Reino Unido
ORG | European Union Agency for Cybersecurity | ENISA | Agencia de la Unión Europea para la Ciberseguridad
ORG | Instituto Nacional de Ciberseguridad | INCIBE | Spanish National Cybersecurity Institute
ORG | Centro Criptológico Nacional | CCN | CCN-CERT | National Cryptologic Centre
ORG | Federal Communications Commission | FCC | Comisión Federal de Comunicaciones
ORG | Federal Trade Commission | FTC | Comisión Federal de Comercio
ORG | Securities and Exchange Commission | SEC | Comisión de Bolsa y Valores
ORG | Federal Reserve | Fed | US Federal Reserve | Reserva Federal
ORG | European Central Bank | ECB | Banco Central Europeo | BCE
ORG | Bank of England | Banco de Inglaterra
ORG | Banco de España | Bank of Spain
ORG | International Monetary Fund | IMF | Fondo Monetario Internacional | FMI
ORG | World Bank | Banco Mundial
ORG | World Trade Organization | WTO | Organización Mundial del Comercio | OMC | World Trade Organisation
ORG | World Health Organization | WHO | Organización Mundial de la Salud | OMS | World Health Organisation
ORG | United Nations | UN | U.N. | Naciones Unidas | ONU | Organización de las Naciones Unidas
ORG | UN Security Council | Security Council | Consejo de Seguridad | Consejo de Seguridad de la ONU | United Nations Security Council
ORG | NATO | North Atlantic Treaty Organization | OTAN | Organización del Tratado del Atlántico Norte | Alianza Atlántica
ORG | European Union | EU | E.U. | Unión Europea | UE
ORG | European Commission | Comisión Europea | Brussels executive
ORG | European Parliament | Parlamento Europeo | Eurocámara
ORG | Council of the European Union | Consejo de la UE | Consejo de la Unión Europea
ORG | Europol | Europol
ORG | Interpol | Interpol
ORG | G7 | Group of Seven | Grupo de los Siete | G-7
ORG | G20 | Group of Twenty | G-20 | Grupo de los Veinte
ORG | BRICS | BRICS
ORG | OPEC | Organization of the Petroleum Exporting Countries | OPEP | Organización de Países Exportadores de Petróleo
ORG | African Union | Unión Africana
ORG | Organization of American States | OAS | OEA | Organización de los Estados Americanos
ORG | International Criminal Court | ICC | Corte Penal Internacional | CPI
ORG | International Atomic Energy Agency | IAEA | OIEA | Organismo Internacional de Energía Atómica
ORG | NASA | National Aeronautics and Space Administration
ORG | European Space Agency | ESA | Agencia Espacial Europea
ORG | CERN | European Organization for Nuclear Research
ORG | Chinese Communist Party | Communist Party of China | CCP | CPC | Partido Comunista Chino | Partido Comunista de China | PCCh
ORG | Ministry of State Security | MSS | Ministerio de Seguridad del Estado
ORG | Chinese Embassy | Embassy of China | Chinese embassy | Embajada china | Embajada de China
ORG | Government of Spain | Spanish government | Gobierno de España | Gobierno español | La Moncloa | Moncloa
ORG | Congreso de los Diputados | Spanish Congress | Congress of Deputies
ORG | Guardia Civil | Civil Guard
ORG | Policía Nacional | Spanish National Police
ORG | Partido Socialista Obrero Español | PSOE | Spanish Socialist Workers' Party
ORG | Partido Popular | Spanish People's Party
ORG | Vox | Vox
ORG | Sumar | Sumar
ORG | Democratic Party | Partido Demócrata | Democrats
ORG | Republican Party | Partido Republicano | GOP | Republicans
ORG | Labour Party | Partido Laborista
ORG | Conservative Party | Partido Conservador | Tories
ORG | Supreme Court | US Supreme Court | Tribunal Supremo de Estados Unidos | Corte Suprema de Estados Unidos
ORG | Hamas | Hamás
ORG | Hezbollah | Hezbolá | Hizbulá
ORG | Taliban | talibanes
ORG | Islamic State | ISIS | Estado Islámico | ISIL | Daesh
ORG | Israel Defense Forces | IDF | Fuerzas de Defensa de Israel | ~ejército israelí | ~Israeli military | ~Israeli army
ORG | Russian armed forces | ~Russian military | ~Russian army | ~ejército ruso | Fuerzas Armadas de Rusia
ORG | Ukrainian armed forces | ~Ukrainian military | ~Ukrainian army | ~ejército ucraniano | Fuerzas Armadas de Ucrania
ORG | Wagner Group | Grupo Wagner

# --- countries and places ---------------------------------------------------------------
GPE | United States | US | U.S. | USA | U.S.A. | United States of America | Estados Unidos | EE.UU. | EEUU | EE. UU. | EUA
GPE | China | People's Republic of China | PRC | República Popular China | RPC | mainland China
GPE | Russia | Russian Federation | Rusia | Federación Rusa
GPE | Ukraine | Ucrania
GPE | United Kingdom | UK | U.K. | Britain | Great Britain | Reino Unido | Gran Bretaña
GPE | Spain | España
GPE | France | Francia
GPE | Germany | Alemania
GPE | Italy | Italia
GPE | Portugal | Portugal
GPE | Netherlands | Países Bajos | Holland | Holanda
GPE | Belgium | Bélgica
GPE | Switzerland | Suiza
GPE | Austria | Austria
GPE | Sweden | Suecia
GPE | Norway | Noruega
GPE | Denmark | Dinamarca
GPE | Finland | Finlandia
GPE | Poland | Polonia
GPE | Hungary | Hungría
GPE | Czech Republic | Czechia | República Checa | Chequia
GPE | Romania | Rumanía | Rumania
GPE | Greece | Grecia
GPE | Turkey | Türkiye | Turquía
GPE | Ireland | Irlanda
GPE | Estonia | Estonia
GPE | Latvia | Letonia
GPE | Lithuania | Lituania
GPE | Belarus | Bielorrusia
GPE | Moldova | Moldavia
GPE | Georgia | Georgia
GPE | Serbia | Serbia
GPE | Israel | Israel
GPE | Palestine | Palestina | Palestinian territories | territorios palestinos
GPE | Gaza | Gaza Strip | Franja de Gaza
GPE | West Bank | Cisjordania
GPE | Iran | Irán | Islamic Republic of Iran | República Islámica de Irán
GPE | Iraq | Irak
GPE | Syria | Siria
GPE | Lebanon | Líbano
GPE | Jordan | Jordania
GPE | Saudi Arabia | Arabia Saudí | Arabia Saudita
GPE | United Arab Emirates | UAE | Emiratos Árabes Unidos | EAU
GPE | Qatar | Catar
GPE | Yemen | Yemen
GPE | Egypt | Egipto
GPE | Libya | Libia
GPE | Morocco | Marruecos
GPE | Algeria | Argelia
GPE | Tunisia | Túnez
GPE | Nigeria | Nigeria
GPE | Ethiopia | Etiopía
GPE | Kenya | Kenia
GPE | South Africa | Sudáfrica
GPE | Sudan | Sudán
GPE | Afghanistan | Afganistán
GPE | Pakistan | Pakistán
GPE | India | India
GPE | Bangladesh | Bangladés
GPE | Japan | Japón
GPE | South Korea | Corea del Sur | Republic of Korea | República de Corea
GPE | North Korea | Corea del Norte | DPRK | Democratic People's Republic of Korea
GPE | Taiwan | Taiwán | Republic of China | República de China
GPE | Hong Kong | Hong Kong
GPE | Vietnam | Viet Nam
GPE | Thailand | Tailandia
GPE | Indonesia | Indonesia
GPE | Philippines | Filipinas
GPE | Malaysia | Malasia
GPE | Singapore | Singapur
GPE | Australia | Australia
GPE | New Zealand | Nueva Zelanda
GPE | Canada | Canadá
GPE | Mexico | México | Méjico
GPE | Brazil | Brasil
GPE | Argentina | Argentina
GPE | Chile | Chile
GPE | Colombia | Colombia
GPE | Peru | Perú
GPE | Venezuela | Venezuela
GPE | Ecuador | Ecuador
GPE | Bolivia | Bolivia
GPE | Uruguay | Uruguay
GPE | Paraguay | Paraguay
GPE | Cuba | Cuba
GPE | Panama | Panamá
GPE | Guatemala | Guatemala
GPE | Honduras | Honduras
GPE | El Salvador | El Salvador
GPE | Nicaragua | Nicaragua
GPE | Costa Rica | Costa Rica
GPE | Dominican Republic | República Dominicana
GPE | Puerto Rico | Puerto Rico
GPE | Europe | Europa
GPE | Asia | Asia
GPE | Africa | África
GPE | Latin America | América Latina | Latinoamérica | Iberoamérica
GPE | Middle East | Oriente Medio | Oriente Próximo
GPE | South China Sea | Mar de China Meridional | Mar de la China Meridional
GPE | Taiwan Strait | Estrecho de Taiwán
GPE | Andalusia | Andalucía
GPE | Catalonia | Cataluña | Catalunya
GPE | Basque Country | País Vasco | Euskadi
GPE | Galicia | Galicia
GPE | Valencian Community | Comunidad Valenciana
GPE | Community of Madrid | Comunidad de Madrid
GPE | Castilla y León | Castile and León
GPE | Castilla-La Mancha | Castile-La Mancha
GPE | Canary Islands | Canarias | Islas Canarias
GPE | Balearic Islands | Baleares | Islas Baleares
GPE | Aragon | Aragón
GPE | Asturias | Asturias
GPE | Navarre | Navarra
GPE | Extremadura | Extremadura
GPE | Region of Murcia | Región de Murcia
GPE | Cantabria | Cantabria
GPE | La Rioja | La Rioja
GPE | Silicon Valley | Silicon Valley
GPE | Washington | Washington D.C. | Washington DC
GPE | Beijing | Pekín | Peking
GPE | Shanghai | Shanghái
GPE | Shenzhen | Shenzhen
GPE | Hangzhou | Hangzhou
GPE | Moscow | Moscú
GPE | Kyiv | Kiev | Kíev
GPE | London | Londres
GPE | Paris | París
GPE | Berlin | Berlín
GPE | Brussels | Bruselas
GPE | Rome | Roma
GPE | Madrid | Madrid
GPE | Barcelona | Barcelona
GPE | Lisbon | Lisboa
GPE | Geneva | Ginebra
GPE | The Hague | La Haya
GPE | New York | Nueva York | New York City | NYC
GPE | Los Angeles | Los Ángeles
GPE | San Francisco | San Francisco
GPE | Tokyo | Tokio
GPE | Seoul | Seúl
GPE | Pyongyang | Pionyang
GPE | Taipei | Taipéi
GPE | New Delhi | Nueva Delhi
GPE | Tehran | Teherán
GPE | Jerusalem | Jerusalén
GPE | Tel Aviv | Tel Aviv
GPE | Mexico City | Ciudad de México | CDMX
GPE | Buenos Aires | Buenos Aires
GPE | Bogotá | Bogota
GPE | Caracas | Caracas
GPE | Havana | La Habana
GPE | Lima | Lima
GPE | Santiago de Chile | Santiago de Chile

# --- technology and cloud ---------------------------------------------------------------
ORG | Alibaba | Alibaba Group | Alibaba Group Holding | Grupo Alibaba | 阿里巴巴
ORG | Alibaba Cloud | Aliyun | Alibaba Cloud Intelligence
ORG | Ant Group | Ant Financial | Grupo Ant
ORG | Tencent | Tencent Holdings
ORG | Tencent Cloud | Tencent Cloud
ORG | Huawei | Huawei Technologies
ORG | Huawei Cloud | Huawei Cloud
ORG | ZTE | ZTE Corporation
ORG | ByteDance | Bytedance
ORG | TikTok | TikTok
ORG | Baidu | Baidu
ORG | Xiaomi | Xiaomi
ORG | DeepSeek | DeepSeek
ORG | Lenovo | Lenovo
ORG | DJI | DJI
ORG | SMIC | Semiconductor Manufacturing International Corporation
ORG | TSMC | Taiwan Semiconductor Manufacturing Company | Taiwan Semiconductor
ORG | Samsung | Samsung Electronics
ORG | SK Hynix | SK hynix
ORG | Sony | Sony
ORG | Microsoft | Microsoft
ORG | Microsoft Azure | Azure
ORG | Amazon | Amazon.com
ORG | Amazon Web Services | AWS
ORG | Google | Google
ORG | Alphabet | Alphabet
ORG | Google Cloud | Google Cloud Platform | GCP
ORG | Google DeepMind | DeepMind
ORG | Apple | Apple
ORG | Meta | Meta Platforms
ORG | Facebook | Facebook
ORG | Instagram | Instagram
ORG | WhatsApp | WhatsApp
ORG | X Corp | Twitter
ORG | OpenAI | OpenAI | Open AI
ORG | Anthropic | Anthropic
ORG | Mistral AI | Mistral
ORG | Hugging Face | HuggingFace
ORG | xAI | xAI
ORG | Nvidia | NVIDIA
ORG | AMD | Advanced Micro Devices
ORG | Intel | Intel
ORG | Qualcomm | Qualcomm
ORG | Arm Holdings | Arm Ltd
ORG | ASML | ASML
ORG | Broadcom | Broadcom
ORG | IBM | International Business Machines
ORG | Oracle | Oracle
ORG | Oracle Cloud | Oracle Cloud Infrastructure | OCI
ORG | Salesforce | Salesforce
ORG | SAP | SAP
ORG | Cisco | Cisco Systems
ORG | Dell | Dell Technologies
ORG | HP | Hewlett-Packard | HP Inc
ORG | Hewlett Packard Enterprise | HPE
ORG | VMware | VMware
ORG | Red Hat | Red Hat
ORG | Cloudflare | Cloudflare
ORG | Akamai | Akamai Technologies
ORG | Fastly | Fastly
ORG | DigitalOcean | Digital Ocean
ORG | Snowflake | Snowflake
ORG | Databricks | Databricks
ORG | Palantir | Palantir Technologies
ORG | GitHub | Github
ORG | GitLab | Gitlab
ORG | LinkedIn | LinkedIn
ORG | YouTube | Youtube
ORG | Netflix | Netflix
ORG | Spotify | Spotify
ORG | Uber | Uber
ORG | Airbnb | Airbnb
ORG | Tesla | Tesla
ORG | SpaceX | SpaceX
ORG | Starlink | Starlink
ORG | Telegram | Telegram
ORG | Signal | Signal Messenger
ORG | Telefónica | Telefonica | Movistar
ORG | Vodafone | Vodafone
ORG | Indra | Indra Sistemas
ORG | Atos | Atos
ORG | Capgemini | Capgemini
ORG | Accenture | Accenture
ORG | Infosys | Infosys

# --- security vendors, groups, research ---------------------------------------------------
ORG | CrowdStrike | Crowdstrike
ORG | Palo Alto Networks | Palo Alto Networks
ORG | Fortinet | Fortinet
ORG | Check Point | Check Point Software
ORG | SentinelOne | SentinelOne
ORG | Mandiant | Mandiant
ORG | Kaspersky | Kaspersky Lab
ORG | ESET | ESET
ORG | Sophos | Sophos
ORG | Trend Micro | Trend Micro
ORG | Okta | Okta
ORG | Zscaler | Zscaler
ORG | Ivanti | Ivanti
ORG | SolarWinds | Solarwinds
ORG | Citrix | Citrix
ORG | Recorded Future | Recorded Future
ORG | Microsoft Threat Intelligence | MSTIC
ORG | Google Threat Intelligence Group | GTIG
ORG | Lazarus Group | Lazarus | grupo Lazarus
ORG | APT28 | Fancy Bear
ORG | APT29 | Cozy Bear | Midnight Blizzard
ORG | Volt Typhoon | Volt Typhoon
ORG | Salt Typhoon | Salt Typhoon
ORG | LockBit | Lockbit
ORG | Scattered Spider | Scattered Spider
ORG | MITRE | MITRE Corporation

# --- products ---------------------------------------------------------------------------
PRODUCT | ChatGPT | Chat GPT
PRODUCT | GPT-4 | GPT4
PRODUCT | GPT-5 | GPT5
PRODUCT | Microsoft Copilot | Copilot
PRODUCT | Windows | Microsoft Windows
PRODUCT | Android | Android
PRODUCT | iPhone | iPhone
PRODUCT | iOS | iOS
PRODUCT | Chrome | Google Chrome
PRODUCT | Microsoft Exchange | Exchange Server
PRODUCT | Microsoft 365 | Office 365
PRODUCT | Qwen | Tongyi Qianwen
PRODUCT | Llama | LLaMA
PRODUCT | Kubernetes | Kubernetes
PRODUCT | Linux | Linux

# --- people -----------------------------------------------------------------------------
PERSON | Xi Jinping | Xi
PERSON | Li Qiang | Li Qiang
PERSON | Vladimir Putin | Putin | Vladímir Putin
PERSON | Volodymyr Zelensky | Zelensky | Zelenskyy | Volodímir Zelenski | Zelenski
PERSON | Donald Trump | Trump | Donald J. Trump
PERSON | Joe Biden | Biden
PERSON | Kamala Harris | Harris
PERSON | JD Vance | J.D. Vance | Vance
PERSON | Marco Rubio | Rubio
PERSON | Pedro Sánchez | Pedro Sanchez
PERSON | Alberto Núñez Feijóo | Feijóo | Feijoo
PERSON | Emmanuel Macron | Macron
PERSON | Olaf Scholz | Scholz
PERSON | Friedrich Merz | Merz
PERSON | Keir Starmer | Starmer
PERSON | Giorgia Meloni | Meloni
PERSON | Ursula von der Leyen | von der Leyen
PERSON | António Guterres | Antonio Guterres | Guterres
PERSON | Benjamin Netanyahu | Netanyahu
PERSON | Narendra Modi | Modi
PERSON | Kim Jong Un | Kim Jong-un
PERSON | Claudia Sheinbaum | Sheinbaum
PERSON | Luiz Inácio Lula da Silva | Lula | Lula da Silva
PERSON | Javier Milei | Milei
PERSON | Nicolás Maduro | Maduro | Nicolas Maduro
PERSON | Gustavo Petro | Petro
PERSON | Pope Leo XIV | León XIV | Papa León XIV | Leo XIV
PERSON | Elon Musk | Musk
PERSON | Sam Altman | Altman
PERSON | Satya Nadella | Nadella
PERSON | Sundar Pichai | Pichai
PERSON | Tim Cook | Tim Cook
PERSON | Mark Zuckerberg | Zuckerberg
PERSON | Jensen Huang | Jensen Huang
PERSON | Jeff Bezos | Bezos
PERSON | Andy Jassy | Jassy
PERSON | Dario Amodei | Amodei
PERSON | Demis Hassabis | Hassabis
PERSON | Jack Ma | Jack Ma
PERSON | Eddie Wu | Eddie Wu Yongming | Wu Yongming
PERSON | Joe Tsai | Joseph Tsai
PERSON | Ren Zhengfei | Ren Zhengfei

# --- media --------------------------------------------------------------------------------
ORG | Financial Times | FT
ORG | The New York Times | New York Times | NYT
ORG | The Wall Street Journal | Wall Street Journal | WSJ
ORG | The Washington Post | Washington Post
ORG | Reuters | Reuters
ORG | Associated Press | AP
ORG | Agence France-Presse | AFP
ORG | Bloomberg | Bloomberg News
ORG | BBC | British Broadcasting Corporation
ORG | CNN | CNN
ORG | Xinhua | Xinhua | Xinhua News Agency | Agencia Xinhua
ORG | Global Times | Global Times
ORG | El País | El Pais
ORG | El Mundo | El Mundo
ORG | Agencia EFE | EFE
ORG | Europa Press | Europa Press

# --- sport --------------------------------------------------------------------------------
ORG | FIFA | FIFA
ORG | UEFA | UEFA
ORG | International Olympic Committee | IOC | Comité Olímpico Internacional | COI
ORG | Real Madrid | Real Madrid
ORG | FC Barcelona | Barça | Barca | Fútbol Club Barcelona
ORG | Atlético de Madrid | Atlético | Atletico Madrid | Atlético Madrid
ORG | LaLiga | La Liga
ORG | Premier League | Premier League
ORG | Champions League | UEFA Champions League | Liga de Campeones
ORG | NBA | National Basketball Association
ORG | NFL | National Football League
ORG | Formula 1 | F1 | Formula One | Fórmula 1
"""
